import { describe, expect, it } from 'vitest';
import { EscrowStory } from '../testing/escrow-story.ts';
import { factsOf } from '../testing/story-facts.ts';
import { commandAcceptedOf, commandOutcomeOf } from './command-status-change.ts';
import type { EscrowEventFact } from './escrow-facts.ts';

const escrowFacts = (story: EscrowStory) =>
  factsOf(story.messages).filter((fact): fact is EscrowEventFact => fact.type.startsWith('Escrow'));

describe('command statuses from messages', () => {
  it('reports a command APPLIED by the escrow event it caused', () => {
    const story = new EscrowStory().open().fund().deliver();
    const releaseId = story.release();
    const started = escrowFacts(story).find((fact) => fact.type === 'EscrowSettlementStarted');
    expect(started && commandOutcomeOf(started)).toEqual({
      status: 'APPLIED',
      commandId: releaseId,
      escrowId: story.escrowId,
      decidedAt: started?.occurredAt,
      decidedByEventId: started?.eventId,
    });
  });

  it('reports a refused command REJECTED with its code and detail', () => {
    const story = new EscrowStory().open().fund().deliver();
    const refusedId = story.refuse('seller', 'releaseFunds', 'ACTOR_NOT_BUYER', 'ReleaseFunds');
    const rejection = escrowFacts(story).at(-1);
    expect(rejection && commandOutcomeOf(rejection)).toMatchObject({
      status: 'REJECTED',
      commandId: refusedId,
      commandType: 'ReleaseFunds',
      reasonCode: 'ACTOR_NOT_BUYER',
      detail: 'refused: ACTOR_NOT_BUYER',
    });
  });

  it('reports a command seen on its topic as ACCEPTED, named as the escrow names it', () => {
    const story = new EscrowStory();
    const id = story.commandBy('buyer', 'releaseFunds');
    const message = story.of('escrowCommand')[0];
    if (message?.kind !== 'escrowCommand') throw new Error('no command');
    expect(commandAcceptedOf(message.envelope)).toMatchObject({
      status: 'ACCEPTED',
      commandId: id,
      escrowId: story.escrowId,
      commandType: 'ReleaseFunds',
    });
  });

  it('has nothing to say about an event without a cause', () => {
    const story = new EscrowStory().open().fund().deliver().dispute().flagStale();
    const stale = escrowFacts(story).at(-1);
    expect(stale && commandOutcomeOf({ ...stale, causationId: null })).toBeUndefined();
  });
});
