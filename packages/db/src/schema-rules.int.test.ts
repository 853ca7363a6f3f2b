import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from './database.ts';
import type { TestDatabase } from './testing/index.ts';
import { availableTestEngines, createTestDatabase } from './testing/index.ts';

/** The SQLSTATE a refused statement raised, so tests assert *why* the database said no. */
async function sqlState(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
  } catch (error) {
    return (error as { code?: string }).code ?? `no code: ${String(error)}`;
  }
  throw new Error('the statement was accepted but should have been refused');
}

const UNIQUE_VIOLATION = '23505';
const CHECK_VIOLATION = '23514';
const RAISED_EXCEPTION = 'P0001';

async function insertContract(db: Queryable): Promise<{ contractId: string; buyerId: string }> {
  const [sellerId, buyerId, snapshotId, listingId, offerId, contractId] = Array.from(
    { length: 6 },
    () => randomUUID(),
  );
  await db.query(
    `insert into marketplace.game_snapshots (id, universe_id, name) values ($1, 42, 'Obby')`,
    [snapshotId as string],
  );
  await db.query(
    `insert into marketplace.listings (id, seller_id, universe_id, snapshot_id, title, summary,
       price_minor, category, visibility)
     values ($1, $2, $3, $4, 'Obby', 'a game', 500000, 'obby', 'PUBLIC')`,
    [listingId as string, sellerId as string, BigInt(Date.now()), snapshotId as string],
  );
  await db.query(
    `insert into marketplace.offers (id, listing_id, buyer_id, seller_id, amount_minor, proposed_by, expires_at)
     values ($1, $2, $3, $4, 450000, $3, now() + interval '72 hours')`,
    [offerId as string, listingId as string, buyerId as string, sellerId as string],
  );
  await db.query(
    `insert into marketplace.contract_templates (version, body) values ('1.0.0', 'terms')
     on conflict do nothing`,
  );
  await db.query(
    `insert into marketplace.contracts (id, offer_id, listing_id, buyer_id, seller_id, amount_minor,
       currency, rail, template_version, snapshot_id, pdf_sha256, pdf_location, expires_at)
     values ($1, $2, $3, $4, $5, 450000, 'USD', 'STRIPE', '1.0.0', $6, $7, 'contracts/x.pdf',
       now() + interval '72 hours')`,
    [
      contractId as string,
      offerId as string,
      listingId as string,
      buyerId as string,
      sellerId as string,
      snapshotId as string,
      'a'.repeat(64),
    ],
  );
  return { contractId: contractId as string, buyerId: buyerId as string };
}

function signatureInsert(db: Queryable, contractId: string, userId: string) {
  return db.query(
    `insert into marketplace.signatures (id, contract_id, user_id, method, pdf_sha256)
     values ($1, $2, $3, 'QUICK_SIGN', $4)`,
    [randomUUID(), contractId, userId, 'a'.repeat(64)],
  );
}

function auditInsert(db: Queryable) {
  return db.query(
    `insert into audit.audit_log (actor_type, actor_id, action, subject_type, subject_id, ip)
     values ('USER', $1, 'listing.create', 'listing', $2, '127.0.0.1') returning id`,
    [randomUUID(), randomUUID()],
  );
}

describe.each(availableTestEngines())('database rules on %s', (engine) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(engine);
  }, 60_000);
  afterAll(async () => {
    await test?.drop();
  });

  it('refuses a second signature by the same user on the same contract', async () => {
    const { contractId, buyerId } = await insertContract(test.db);
    await signatureInsert(test.db, contractId, buyerId);
    expect(await sqlState(signatureInsert(test.db, contractId, buyerId))).toBe(UNIQUE_VIOLATION);
  });

  it('refuses to change or remove a signature once made', async () => {
    const { contractId, buyerId } = await insertContract(test.db);
    await signatureInsert(test.db, contractId, buyerId);
    const update = test.db.query(
      `update marketplace.signatures set ip = '10.0.0.1' where contract_id = $1`,
      [contractId],
    );
    expect(await sqlState(update)).toBe(RAISED_EXCEPTION);
    const remove = test.db.query('delete from marketplace.signatures where contract_id = $1', [
      contractId,
    ]);
    expect(await sqlState(remove)).toBe(RAISED_EXCEPTION);
  });

  it('refuses zero and negative amounts', async () => {
    const { contractId } = await insertContract(test.db);
    for (const amount of [0n, -1n]) {
      const insert = test.db.query(
        `insert into payments.stripe_escrow_details (escrow_id, buyer_id, seller_id, correlation_id,
           transfer_group, amount_minor, currency)
         values ($1, $2, $3, 'trade', $4, $5, 'USD')`,
        [randomUUID(), randomUUID(), randomUUID(), contractId, amount],
      );
      expect(await sqlState(insert)).toBe(CHECK_VIOLATION);
    }
  });

  it('refuses a status the state machine does not know', async () => {
    const { contractId } = await insertContract(test.db);
    const update = test.db.query(
      `update marketplace.contracts set status = 'HALF_SIGNED' where id = $1`,
      [contractId],
    );
    expect(await sqlState(update)).toBe(CHECK_VIOLATION);
  });

  it('refuses an escrow whose buyer is its seller, and USDC without the Base network', async () => {
    const party = randomUUID();
    const insert = (buyer: string, currency: string, network: string | null) =>
      test.db.query(
        `insert into escrow.escrows (id, contract_id, offer_id, listing_id, buyer_id, seller_id,
           amount_minor, currency, rail, network, state, version, state_entered_at, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, 100, $7, $8, $9, 'AWAIT_FUNDS', 1, now(), now(), now())`,
        [
          randomUUID(),
          randomUUID(),
          randomUUID(),
          randomUUID(),
          buyer,
          party,
          currency,
          currency === 'USDC' ? 'USDC_BASE' : 'STRIPE',
          network,
        ],
      );
    expect(await sqlState(insert(party, 'USD', null))).toBe(CHECK_VIOLATION);
    expect(await sqlState(insert(randomUUID(), 'USDC', null))).toBe(CHECK_VIOLATION);
    await insert(randomUUID(), 'USDC', 'BASE');
  });

  it('keeps the audit log append-only: no UPDATE, no DELETE, no TRUNCATE', async () => {
    const { rows } = await auditInsert(test.db);
    const id = (rows[0] as { id: bigint }).id;
    const update = test.db.query(
      `update audit.audit_log set action = 'listing.delete' where id = $1`,
      [id],
    );
    expect(await sqlState(update)).toBe(RAISED_EXCEPTION);
    expect(await sqlState(test.db.query('delete from audit.audit_log where id = $1', [id]))).toBe(
      RAISED_EXCEPTION,
    );
    expect(await sqlState(test.db.query('truncate audit.audit_log'))).toBe(RAISED_EXCEPTION);
    const { rows: still } = await test.db.query<{ action: string }>(
      'select action from audit.audit_log where id = $1',
      [id],
    );
    expect(still).toEqual([{ action: 'listing.create' }]);
  });

  it('refuses a duplicate provider event id and a duplicate provider object id', async () => {
    const webhook = () =>
      test.db.query(
        `insert into payments.webhook_events (id, provider, provider_event_id, event_type, raw_body)
         values ($1, 'STRIPE', 'evt_123', 'payment_intent.succeeded', '{}')`,
        [randomUUID()],
      );
    await webhook();
    expect(await sqlState(webhook())).toBe(UNIQUE_VIOLATION);

    const artifact = () =>
      test.db.query(
        `insert into payments.payment_artifacts (id, escrow_id, rail, kind, provider_id, amount_minor,
           currency, provider_status)
         values ($1, $2, 'STRIPE', 'TRANSFER', 'tr_1', 100, 'USD', 'paid')`,
        [randomUUID(), randomUUID()],
      );
    await artifact();
    expect(await sqlState(artifact())).toBe(UNIQUE_VIOLATION);
  });

  it('refuses a message event id twice in an outbox and an inbox', async () => {
    const eventId = randomUUID();
    const outbox = () =>
      test.db.query(
        `insert into escrow.outbox (event_id, topic, message_key, payload)
         values ($1, 'escrow.events.v1', 'k', $2)`,
        [eventId, randomBytes(4)],
      );
    await outbox();
    expect(await sqlState(outbox())).toBe(UNIQUE_VIOLATION);

    const inbox = () =>
      test.db.query(
        `insert into projections.inbox (consumer_group, event_id, topic, partition, "offset")
         values ('projections', $1, 'escrow.events.v1', 0, 0)`,
        [eventId],
      );
    await inbox();
    expect(await sqlState(inbox())).toBe(UNIQUE_VIOLATION);
  });

  it('returns int8 as bigint beyond 2^53 and bytea as bytes', async () => {
    const { rows } = await test.db.query<{ big: bigint; bytes: Uint8Array }>(
      `select 9007199254740993::int8 as big, '\\x0102'::bytea as bytes`,
    );
    expect(rows[0]?.big).toBe(9_007_199_254_740_993n);
    expect([...(rows[0]?.bytes ?? [])]).toEqual([1, 2]);
  });

  it('rolls a failed transaction back completely', async () => {
    const before = await test.db.query<{ n: bigint }>('select count(*) as n from audit.audit_log');
    await expect(
      test.db.transaction(async (tx) => {
        await auditInsert(tx);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const after = await test.db.query<{ n: bigint }>('select count(*) as n from audit.audit_log');
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });
});
