import { describe, expect, it } from 'vitest';
import { EscrowStory } from '../testing/escrow-story.ts';
import { seededRandom, shuffled } from '../testing/shuffle.ts';
import { factsOf } from '../testing/story-facts.ts';
import { foldEscrowView } from './fold-escrow-view.ts';

const at = (story: EscrowStory, index: number) => {
  const facts = factsOf(story.messages);
  const fact = facts[index < 0 ? facts.length + index : index];
  if (fact === undefined) throw new Error(`no fact ${index}`);
  return fact.occurredAt;
};

describe('the escrow view, folded from its events', () => {
  it('shows a released trade with its fee, payout, provider ids and closing reason', () => {
    const story = new EscrowStory().open().fund().deliver();
    story.release();
    const view = foldEscrowView(story.escrowId, factsOf(story.messages));
    expect(view).toMatchObject({
      escrowId: story.escrowId,
      contractId: story.contractId,
      buyerId: story.buyerId,
      sellerId: story.sellerId,
      amountMinor: 450_000n,
      currency: 'USD',
      rail: 'STRIPE',
      network: null,
      state: 'RELEASED',
      providerPaymentId: `pi_${story.escrowId.slice(0, 8)}`,
      feeMinor: 22_500n,
      payoutMinor: 427_500n,
      providerTransferId: `tr_${story.escrowId.slice(0, 8)}`,
      closedReason: 'BUYER_CONFIRMED',
      closedAt: at(story, -1),
      autoReleaseAt: null,
      settlementKind: null,
      dispute: null,
      lastFailure: null,
      createdAt: at(story, 0),
      lastEventAt: at(story, -1),
      eventsApplied: 9,
    });
    expect(view.fundingDeadlineAt?.toISOString()).toBe('2026-03-04T12:00:01.000Z');
    expect(view.fundedAt).toEqual(at(story, 4));
  });

  it("follows the escrow's own event order when the replicas' clocks disagree", () => {
    const story = new EscrowStory().open().fund().deliver();
    story.release();
    const facts = factsOf(story.messages);
    const expected = foldEscrowView(story.escrowId, facts);
    // A replica whose clock runs an hour behind wrote the escrow's later events.
    const skewed = facts.map((fact) =>
      fact.escrowVersion !== undefined && fact.escrowVersion > 3
        ? { ...fact, occurredAt: new Date(fact.occurredAt.getTime() - 3_600_000) }
        : fact,
    );
    expect(foldEscrowView(story.escrowId, skewed).state).toBe(expected.state);
    expect(foldEscrowView(story.escrowId, skewed).payoutMinor).toBe(expected.payoutMinor);
  });

  it('gives the same view whatever order the events arrive in, and however often', () => {
    const story = new EscrowStory().open().fund().deliver().dispute().flagStale();
    story.resolveByRefundAfterOneFailure();
    const facts = factsOf(story.messages);
    const expected = foldEscrowView(story.escrowId, facts);
    const random = seededRandom(20_260_301);
    for (let round = 0; round < 200; round += 1) {
      const delivered = shuffled([...facts, ...facts.slice(0, round % facts.length)], random);
      const unique = [...new Map(delivered.map((fact) => [fact.eventId, fact])).values()];
      expect(foldEscrowView(story.escrowId, unique)).toEqual(expected);
    }
  });

  it('shows what a payment intent says before the escrow creation is projected, and keeps it after', () => {
    const story = new EscrowStory().open();
    const facts = factsOf(story.messages);
    const intentOnly = foldEscrowView(
      story.escrowId,
      facts.filter((fact) => fact.type === 'PaymentIntentCreated'),
    );
    expect(intentOnly).toMatchObject({
      state: null,
      buyerId: null,
      amountMinor: 450_000n,
      currency: 'USD',
      rail: 'STRIPE',
      eventsApplied: 1,
    });
    const all = foldEscrowView(story.escrowId, facts);
    expect(all).toMatchObject({
      state: 'AWAIT_FUNDS',
      buyerId: story.buyerId,
      providerPaymentId: `pi_${story.escrowId.slice(0, 8)}`,
      eventsApplied: 3,
    });
  });

  it('keeps a release held for the seller pending, then released once paid', () => {
    const story = new EscrowStory().open().fund().deliver();
    story.releaseAfterHold();
    const facts = factsOf(story.messages);
    const held = facts.slice(0, facts.findIndex((fact) => fact.type === 'TransferHeld') + 1);
    expect(foldEscrowView(story.escrowId, held)).toMatchObject({
      state: 'RELEASE_PENDING',
      settlementKind: 'RELEASE',
      lastFailure: null,
    });
    expect(foldEscrowView(story.escrowId, facts).state).toBe('RELEASED');
  });

  it('shows the auto-release time only while delivered', () => {
    const story = new EscrowStory().open().fund().deliver();
    const delivered = foldEscrowView(story.escrowId, factsOf(story.messages));
    expect(delivered.state).toBe('DELIVERED');
    expect(delivered.autoReleaseAt?.toISOString()).toBe('2026-03-08T12:00:05.000Z');
    story.dispute();
    expect(foldEscrowView(story.escrowId, factsOf(story.messages)).autoReleaseAt).toBeNull();
  });

  it('follows a dispute: raised, stale, resolved, reopened by a failed refund, then refunded', () => {
    const story = new EscrowStory().open().fund().deliver().dispute().flagStale();
    const disputed = foldEscrowView(story.escrowId, factsOf(story.messages));
    expect(disputed.state).toBe('DISPUTED');
    expect(disputed.dispute).toEqual({
      raisedBy: story.buyerId,
      reason: 'NOT_AS_DESCRIBED',
      detail: 'the game has no place files',
      disputedAt: at(story, -2),
      disputedFrom: 'DELIVERED',
      staleAt: at(story, -1),
      resolution: null,
    });
    story.resolveByRefundAfterOneFailure();
    const facts = factsOf(story.messages);
    const reopened = foldEscrowView(story.escrowId, facts.slice(0, -3));
    expect(reopened.state).toBe('DISPUTED');
    expect(reopened.dispute?.resolution).toBeNull();
    expect(reopened.lastFailure).toMatchObject({ kind: 'REFUND', code: 'card_expired' });
    const pending = foldEscrowView(story.escrowId, facts.slice(0, -2));
    expect(pending).toMatchObject({ state: 'REFUND_PENDING', settlementAttempt: 2 });
    expect(pending.dispute?.resolution).toMatchObject({
      outcome: 'REFUND',
      resolvedBy: story.moderatorId,
    });
    const refunded = foldEscrowView(story.escrowId, facts);
    expect(refunded).toMatchObject({
      state: 'REFUNDED',
      refundedMinor: 450_000n,
      closedReason: 'DISPUTE_RESOLVED',
      settlementKind: null,
      lastFailure: { code: 'card_expired', message: 'The card has expired' },
    });
  });

  it('counts refusals nowhere: they change nothing', () => {
    const story = new EscrowStory().open().fund().deliver();
    const before = foldEscrowView(story.escrowId, factsOf(story.messages));
    story.refuse('seller', 'releaseFunds', 'ACTOR_NOT_BUYER', 'ReleaseFunds');
    const after = foldEscrowView(story.escrowId, factsOf(story.messages));
    expect(after).toEqual(before);
  });

  it('cancels an unfunded escrow with its reason', () => {
    const story = new EscrowStory().open().cancel();
    expect(foldEscrowView(story.escrowId, factsOf(story.messages))).toMatchObject({
      state: 'CANCELLED',
      closedReason: 'MANUAL',
    });
  });
});
