import { describe, expect, it } from 'vitest';
import { EscrowStory } from '../testing/escrow-story.ts';
import { factsOf } from '../testing/story-facts.ts';
import { factOfTimelineRow, timelineRecordOf } from './timeline-codec.ts';

function everyKindOfFact() {
  const released = new EscrowStory().open().fund().deliver();
  released.refuse('seller', 'releaseFunds', 'ACTOR_NOT_BUYER', 'ReleaseFunds');
  released.releaseAfterHold();
  const disputed = new EscrowStory().open().fund().deliver().dispute().flagStale();
  disputed.resolveByRefundAfterOneFailure();
  const cancelled = new EscrowStory().open().cancel();
  return factsOf([...released.messages, ...disputed.messages, ...cancelled.messages]);
}

describe('the timeline codec', () => {
  it('gives back exactly the fact it stored, bigint money and instants included', () => {
    const facts = everyKindOfFact();
    expect(new Set(facts.map((fact) => fact.type)).size).toBeGreaterThanOrEqual(15);
    for (const fact of facts) {
      const record = timelineRecordOf(fact);
      const back = factOfTimelineRow({
        escrowId: record.escrowId,
        eventId: record.eventId,
        occurredAt: record.occurredAt,
        eventType: record.eventType,
        actorId: record.actorId,
        causationId: record.causationId,
        detail: JSON.parse(record.detailJson) as Record<string, unknown>,
        sealed: JSON.parse(record.sealedJson) as Record<string, unknown>,
      });
      expect(back).toEqual(fact);
    }
  });

  it('never puts the parties’ free text in the shown detail', () => {
    for (const fact of everyKindOfFact()) {
      const detail = JSON.parse(timelineRecordOf(fact).detailJson) as Record<string, unknown>;
      expect(Object.keys(detail)).not.toContain('deliveryNote');
      expect(Object.keys(detail)).not.toContain('disputeDetail');
    }
  });

  it('names the topic each fact came from', () => {
    const facts = everyKindOfFact();
    const topicOf = (type: string) =>
      timelineRecordOf(facts.find((fact) => fact.type === type) ?? (facts[0] as never)).sourceTopic;
    expect(topicOf('EscrowReleased')).toBe('escrow.events.v1');
    expect(topicOf('PaymentIntentCreated')).toBe('payments.events.v1');
  });
});
