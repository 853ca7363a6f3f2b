import { create, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { decodeEnvelope, encodeEnvelope } from './envelope.ts';
import { Currency, Rail } from './gen/bloxtr8/common/v1/money_pb.js';
import {
  EscrowCommandEnvelopeSchema,
  ReleaseFundsSchema,
  ReleaseReason,
} from './gen/bloxtr8/escrow/v1/commands_pb.js';
import { PaymentSucceededSchema } from './gen/bloxtr8/payments/v1/events_pb.js';
import { createMeta, metaCausedBy } from './meta.ts';
import { TOPICS } from './topics.ts';

const meta = createMeta({
  eventId: '0190f5a2-7c1e-7a3b-9c4d-1e2f3a4b5c6d',
  occurredAt: new Date('2026-03-01T10:00:00.000Z'),
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  correlationId: 'trade-1',
});

function releaseEnvelope(overrides: { escrowId?: string; withMeta?: boolean } = {}) {
  return create(EscrowCommandEnvelopeSchema, {
    command: {
      case: 'releaseFunds',
      value: create(ReleaseFundsSchema, {
        ...(overrides.withMeta === false ? {} : { meta }),
        escrowId: overrides.escrowId ?? 'esc-1',
        actorId: 'buyer-1',
        reason: ReleaseReason.BUYER_CONFIRMED,
      }),
    },
  });
}

describe('envelopes', () => {
  it('round-trips a command with its key and meta', () => {
    const encoded = encodeEnvelope(TOPICS.escrowCommands, releaseEnvelope());
    expect(encoded.key).toBe('esc-1');
    const decoded = decodeEnvelope(TOPICS.escrowCommands, encoded.value);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.kind).toBe('releaseFunds');
    expect(decoded.value.key).toBe('esc-1');
    expect(decoded.value.meta.eventId).toBe(meta.eventId);
    expect(decoded.value.envelope.command.case).toBe('releaseFunds');
  });

  it('keeps amounts beyond 2^53 exact as bigint', () => {
    const envelope = create(TOPICS.paymentEvents.envelope, {
      event: {
        case: 'paymentSucceeded',
        value: create(PaymentSucceededSchema, {
          meta,
          escrowId: 'esc-1',
          rail: Rail.USDC_BASE,
          amountMinor: 9_007_199_254_740_993n,
          currency: Currency.USDC,
        }),
      },
    });
    const decoded = decodeEnvelope(
      TOPICS.paymentEvents,
      encodeEnvelope(TOPICS.paymentEvents, envelope).value,
    );
    expect(decoded.ok && decoded.value.envelope.event.case === 'paymentSucceeded').toBe(true);
    if (decoded.ok && decoded.value.envelope.event.case === 'paymentSucceeded') {
      expect(decoded.value.envelope.event.value.amountMinor).toBe(9_007_199_254_740_993n);
    }
  });

  it('reports garbage bytes as undecodable instead of throwing', () => {
    const decoded = decodeEnvelope(TOPICS.escrowCommands, new Uint8Array([0xff, 0xff, 0xff, 0x0f]));
    expect(decoded).toMatchObject({ ok: false, error: { code: 'UNDECODABLE' } });
  });

  it('refuses an empty envelope, a message without meta and a message without key', () => {
    const empty = toBinary(EscrowCommandEnvelopeSchema, create(EscrowCommandEnvelopeSchema));
    expect(decodeEnvelope(TOPICS.escrowCommands, empty)).toMatchObject({
      ok: false,
      error: { code: 'EMPTY_ENVELOPE' },
    });
    const noMeta = toBinary(EscrowCommandEnvelopeSchema, releaseEnvelope({ withMeta: false }));
    expect(decodeEnvelope(TOPICS.escrowCommands, noMeta)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_META' },
    });
    const noKey = toBinary(EscrowCommandEnvelopeSchema, releaseEnvelope({ escrowId: '' }));
    expect(decodeEnvelope(TOPICS.escrowCommands, noKey)).toMatchObject({
      ok: false,
      error: { code: 'MISSING_KEY' },
    });
  });

  it('will not encode a message that could not be decoded again', () => {
    expect(() => encodeEnvelope(TOPICS.escrowCommands, releaseEnvelope({ escrowId: '' }))).toThrow(
      /escrow_id is empty/,
    );
  });

  it('derives a caused message: same trace and correlation, causation pointing back', () => {
    const next = metaCausedBy(
      meta,
      '0190f5a2-7c1e-7a3b-9c4d-000000000002',
      new Date('2026-03-01T10:00:01Z'),
    );
    expect(next).toMatchObject({
      traceId: meta.traceId,
      correlationId: meta.correlationId,
      causationId: meta.eventId,
      occurredAt: '2026-03-01T10:00:01.000Z',
      version: 1,
    });
  });
});
