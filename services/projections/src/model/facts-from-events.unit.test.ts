import {
  type CancelReason,
  createMeta,
  DiscrepancyKind,
  EscrowEventEnvelopeSchema,
  PaymentEventEnvelopeSchema,
  Rail,
} from '@bloxtr8/contracts';
import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { EscrowStory } from '../testing/escrow-story.ts';
import { factsOf } from '../testing/story-facts.ts';
import { escrowEventFact } from './facts-from-escrow-events.ts';
import { paymentEventFact } from './facts-from-payment-events.ts';

const meta = createMeta({
  eventId: '0195F2A0-0000-7000-8000-000000000001',
  occurredAt: new Date('2026-03-01T12:00:00.000Z'),
  traceId: 'a'.repeat(32),
  correlationId: 'trade-1',
  causationId: '0195F2A0-0000-7000-8000-000000000000',
});

describe('events as facts', () => {
  it('maps a dispute with its reason, actor, free text and the state it came from', () => {
    const story = new EscrowStory().open().fund().deliver().dispute();
    const fact = factsOf(story.messages).at(-1);
    expect(fact).toMatchObject({
      type: 'EscrowDisputed',
      escrowId: story.escrowId,
      actorId: story.buyerId,
      disputeReason: 'NOT_AS_DESCRIBED',
      disputeDetail: 'the game has no place files',
      disputedFrom: 'DELIVERED',
    });
  });

  it('lowercases ids so the database and the fold order them alike, and keeps the causation', () => {
    const envelope = create(EscrowEventEnvelopeSchema, {
      event: {
        case: 'escrowCancelled',
        value: {
          meta,
          escrowId: 'E0000000-0000-7000-8000-00000000000A',
          actorId: '',
          reason: 99 as CancelReason,
        },
      },
    });
    expect(escrowEventFact(envelope)).toEqual({
      type: 'EscrowCancelled',
      eventId: '0195f2a0-0000-7000-8000-000000000001',
      escrowId: 'e0000000-0000-7000-8000-00000000000a',
      occurredAt: new Date('2026-03-01T12:00:00.000Z'),
      causationId: '0195f2a0-0000-7000-8000-000000000000',
      actorId: null,
      // A reason this code does not know yet is shown as unknown, not guessed.
      cancelReason: null,
    });
  });

  it('takes the refused command id from the rejection, falling back to the causation', () => {
    const envelope = create(EscrowEventEnvelopeSchema, {
      event: {
        case: 'escrowCommandRejected',
        value: {
          meta,
          escrowId: 'e0000000-0000-7000-8000-00000000000a',
          commandType: 'ReleaseFunds',
          reasonCode: 'ACTOR_NOT_BUYER',
        },
      },
    });
    expect(escrowEventFact(envelope)).toMatchObject({
      type: 'EscrowCommandRejected',
      commandEventId: '0195f2a0-0000-7000-8000-000000000000',
      reasonCode: 'ACTOR_NOT_BUYER',
    });
  });

  it('leaves reconciliation discrepancies out of the trade’s read models', () => {
    const envelope = create(PaymentEventEnvelopeSchema, {
      event: {
        case: 'reconciliationDiscrepancyFound',
        value: {
          meta,
          escrowId: 'e0000000-0000-7000-8000-00000000000a',
          rail: Rail.STRIPE,
          kind: DiscrepancyKind.STATE_MISMATCH,
        },
      },
    });
    expect(paymentEventFact(envelope)).toBeUndefined();
  });

  it('reads a payment intent without any client secret', () => {
    const story = new EscrowStory().open();
    const fact = factsOf(story.messages).at(-1);
    expect(fact).toMatchObject({
      type: 'PaymentIntentCreated',
      rail: 'STRIPE',
      amountMinor: 450_000n,
    });
    expect(Object.keys(fact ?? {})).not.toContain('clientSecret');
  });

  it('reads a release held for the seller, with its reason for the timeline', () => {
    const story = new EscrowStory().open().fund().deliver();
    story.releaseAfterHold();
    expect(factsOf(story.messages).find((fact) => fact.type === 'TransferHeld')).toMatchObject({
      type: 'TransferHeld',
      sellerId: story.sellerId,
      holdReason: 'PAYOUT_ACCOUNT_MISSING',
      holdMessage: 'payout account required',
      attempt: 1,
    });
  });
});
