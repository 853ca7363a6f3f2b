import { buildServer } from '@bloxtr8/api';
import { createTestDatabase } from '@bloxtr8/db/testing';
import type { PaymentsService } from '@bloxtr8/payments';
import { startPaymentsService } from '@bloxtr8/payments';
import { createLogger, ManualClock, Secret } from '@bloxtr8/platform';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { Stripe } from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAutopilot } from '../simulation/sim-autopilot.ts';
import { SimBus } from '../simulation/sim-bus.ts';
import { SimLog } from '../simulation/sim-log.ts';

const SECRET = 'whsec_fuzz_only_not_a_secret';
const RUNS = Number(process.env.BLOXTR8_FUZZ_WEBHOOK_RUNS ?? 150);
const logger = createLogger({ level: 'silent' });
const TYPES = [
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'refund.updated',
  'refund.failed',
  'charge.refunded',
  'transfer.created',
  'account.updated',
  'x'.repeat(300),
];

/** Values a hostile sender puts where Stripe puts ids, amounts and statuses. */
const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.integer(),
  fc.bigInt().map(String),
  fc.double(),
  fc.constantFrom(null, true, -1, 2 ** 63, Number.MAX_SAFE_INTEGER + 2, '', '\u0000', '\ud800'),
  fc.constant('a'.repeat(70_000)),
  fc.object({ maxDepth: 3 }),
);

/** Something shaped like a Stripe event, with hostile values anywhere. */
const eventLike = fc.record({
  id: fc.oneof(
    fc.string().map((s) => `evt_${s}`),
    hostile,
  ),
  object: fc.oneof(fc.constantFrom('event', 'list'), hostile),
  type: fc.oneof(fc.constantFrom(...TYPES), hostile),
  created: fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), hostile),
  data: fc.record({
    object: fc.record({
      id: fc.oneof(
        fc.string().map((s) => `pi_${s}`),
        hostile,
      ),
      object: fc.oneof(fc.constantFrom('payment_intent', 'refund', 'charge'), hostile),
      amount: fc.oneof(fc.integer(), hostile),
      amount_received: fc.oneof(fc.integer(), hostile),
      currency: fc.oneof(fc.constantFrom('usd', 'eur'), hostile),
      status: fc.oneof(fc.constantFrom('succeeded', 'failed', 'pending'), hostile),
      payment_intent: hostile,
      latest_charge: hostile,
      metadata: fc.oneof(fc.record({ escrow_id: fc.oneof(fc.uuid(), hostile) }), hostile),
    }),
  }),
});

function sign(payload: string, at: number, secret = SECRET): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: at });
}

type Forgery = 'none' | 'garbage' | 'wrong-secret' | 'stale' | 'tampered';

/** A Stripe-Signature header that must not verify for `text`. */
function forged(forgery: Forgery, text: string, garbage: string): string | undefined {
  const now = Math.floor(Date.parse('2026-05-01T12:00:00Z') / 1000);
  switch (forgery) {
    case 'none':
      return undefined;
    case 'garbage':
      return garbage.replace(/[^\x20-\x7e]/g, '');
    case 'wrong-secret':
      return sign(text, now, 'whsec_someone_else');
    case 'stale':
      return sign(text, now - 3_600);
    case 'tampered':
      return sign(`${text} `, now);
  }
}

/**
 * Hostile Stripe webhook deliveries through the real route and intake, with the payments
 * service consuming what gets through: malformed, forged, stale, tampered, replayed, reordered,
 * huge and validly signed nonsense. None may answer 5xx, and none may move money.
 */
describe('Stripe webhook intake under hostile deliveries', () => {
  const clock = new ManualClock('2026-05-01T12:00:00Z');
  const log = new SimLog(() => clock.now());
  const autopilot = startAutopilot(log);
  let app: FastifyInstance;
  let payments: PaymentsService;
  let drop: () => Promise<void>;
  let db: Awaited<ReturnType<typeof createTestDatabase>>['db'];
  const now = () => Math.floor(clock.now().getTime() / 1000);
  const post = (body: string | Buffer, signature?: string) =>
    app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: {
        'content-type': 'application/json',
        ...(signature === undefined ? {} : { 'stripe-signature': signature }),
      },
      payload: body,
    });

  beforeAll(async () => {
    const test = await createTestDatabase();
    db = test.db;
    drop = test.drop;
    payments = await startPaymentsService({
      db,
      bus: new SimBus(log, 'payments'),
      logger,
      clock,
      retry: { initialMs: 0, maxMs: 0, maxAttempts: 2 },
      // A provider nobody answers: anything that would call it fails, and must not move money.
      stripe: {
        connection: {
          secretKey: new Secret('sk_test_fuzz'),
          host: '127.0.0.1',
          port: 9,
          protocol: 'http',
          timeoutMs: 200,
        },
        webhookSecret: new Secret(SECRET),
      },
      payoutDestinations: { destinationFor: async () => undefined },
      loops: true,
    });
    app = await buildServer({ db, logger, stripeWebhooks: payments.receiveStripeWebhook });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await payments?.stop();
    await autopilot.stop();
    await drop?.();
  });

  it('never answers 5xx to unsigned, forged, stale or tampered bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 70_000 }).map((b) => Buffer.from(b)),
          eventLike.map((e) => JSON.stringify(e)),
        ),
        fc.constantFrom<Forgery>('none', 'garbage', 'wrong-secret', 'stale', 'tampered'),
        fc.string(),
        async (body, forgery, garbage) => {
          const text = Buffer.isBuffer(body) ? body.toString('latin1') : body;
          const signature = forged(forgery, text, garbage);
          const answer = await post(body, signature);
          expect(answer.statusCode).toBeLessThan(500);
          expect([400, 413, 415]).toContain(answer.statusCode);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('never answers 5xx and never moves money for validly signed nonsense, replayed and reordered', async () => {
    const accepted: string[] = [];
    await fc.assert(
      fc.asyncProperty(eventLike, fc.boolean(), async (event, replayEarlier) => {
        const payload = JSON.stringify(event);
        const answer = await post(payload, sign(payload, now()));
        expect(answer.statusCode).toBeLessThan(500);
        if (answer.statusCode === 200) accepted.push(payload);
        if (replayEarlier && accepted.length > 0) {
          const earlier = accepted[Math.floor(accepted.length / 2)] as string;
          expect((await post(earlier, sign(earlier, now()))).statusCode).toBe(200);
        }
        clock.advanceBy(1_000);
      }),
      { numRuns: RUNS },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { rows } = await db.query<{ n: bigint }>(
      'select count(*) as n from payments.ledger_entries',
    );
    expect(rows[0]?.n).toBe(0n);
    expect(log.messages('payments.events.v1')).toEqual([]);
  });
});
