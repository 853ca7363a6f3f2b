import { availableTestEngines } from '@bloxtr8/db/testing';
import { newId } from '@bloxtr8/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldEscrowView } from '../model/fold-escrow-view.ts';
import { getCommandStatus } from '../queries/get-command-status.ts';
import { getEscrowView } from '../queries/get-escrow-view.ts';
import { listDisputeQueue } from '../queries/list-dispute-queue.ts';
import { listUserTrades } from '../queries/list-user-trades.ts';
import type { ProjectionsService } from '../service/start-projections-service.ts';
import type { StoryMessage } from '../testing/escrow-story.ts';
import { EscrowStory } from '../testing/escrow-story.ts';
import type { ProjectionsHarness } from '../testing/projections-harness.ts';
import { openProjectionsHarness, readModelSnapshot } from '../testing/projections-harness.ts';
import { interleaved, seededRandom } from '../testing/shuffle.ts';
import { factsOf } from '../testing/story-facts.ts';

/** Four trades covering every way an escrow ends, with a refused command among them. */
function tradeStories() {
  const released = new EscrowStory().open().fund().deliver();
  const refusedId = released.refuse('seller', 'releaseFunds', 'ACTOR_NOT_BUYER', 'ReleaseFunds');
  const releaseId = released.release();
  const refunded = new EscrowStory().open().fund().deliver().dispute().flagStale();
  refunded.resolveByRefundAfterOneFailure();
  const cancelled = new EscrowStory().open().cancel();
  const unpaid = new EscrowStory().open();
  return { stories: [released, refunded, cancelled, unpaid], refusedId, releaseId };
}

const ofKind = (messages: readonly StoryMessage[], kind: StoryMessage['kind']) =>
  messages.filter((message) => message.kind === kind);

async function expectViewsToBeFolds(harness: ProjectionsHarness, stories: EscrowStory[]) {
  for (const story of stories) {
    const details = await getEscrowView(harness.db, story.escrowId);
    expect(details?.view).toEqual(foldEscrowView(story.escrowId, factsOf(story.messages)));
    expect(details?.timeline.map((entry) => entry.eventId)).toEqual(
      factsOf(story.messages)
        .slice()
        .sort(
          (a, b) =>
            a.occurredAt.getTime() - b.occurredAt.getTime() || (a.eventId < b.eventId ? -1 : 1),
        )
        .map((fact) => fact.eventId),
    );
  }
}

describe.each(availableTestEngines())('escrow projections on %s', (engine) => {
  const { stories, refusedId, releaseId } = tradeStories();
  const all = stories.flatMap((story) => story.messages);
  let paymentsFirst: ProjectionsHarness;
  let interleavedLive: ProjectionsHarness;
  let service: ProjectionsService;

  beforeAll(async () => {
    paymentsFirst = await openProjectionsHarness(engine);
    interleavedLive = await openProjectionsHarness(engine);
    service = await paymentsFirst.startService();
  }, 120_000);
  afterAll(async () => {
    await paymentsFirst?.close();
    await interleavedLive?.close();
  });

  it('gives identical rows whether payment events are projected before or after escrow events', async () => {
    // One database sees every payment event before its escrow exists...
    await paymentsFirst.publish(ofKind(all, 'paymentEvent'));
    await paymentsFirst.waitUntilCaughtUp(service);
    const early = await getEscrowView(paymentsFirst.db, stories[3]?.escrowId ?? '');
    expect(early?.view).toMatchObject({
      state: null,
      providerPaymentId: expect.stringMatching(/^pi_/),
    });
    await paymentsFirst.publish([...ofKind(all, 'escrowEvent'), ...ofKind(all, 'escrowCommand')]);
    await paymentsFirst.waitUntilCaughtUp(service);
    // ...the other gets both topics in a random interleaving while its consumers run concurrently.
    const live = await interleavedLive.startService();
    const random = seededRandom(7);
    const escrowSide = [...ofKind(all, 'escrowEvent'), ...ofKind(all, 'escrowCommand')];
    await interleavedLive.publish(interleaved(escrowSide, ofKind(all, 'paymentEvent'), random));
    await interleavedLive.waitUntilCaughtUp(live);

    expect(await readModelSnapshot(interleavedLive.db)).toEqual(
      await readModelSnapshot(paymentsFirst.db),
    );
    await expectViewsToBeFolds(paymentsFirst, stories);
  });

  it('changes nothing when every message is delivered again', async () => {
    const before = await readModelSnapshot(paymentsFirst.db);
    await paymentsFirst.publish(all);
    await paymentsFirst.waitUntilCaughtUp(service);
    expect(await readModelSnapshot(paymentsFirst.db)).toEqual(before);
    const released = await getEscrowView(paymentsFirst.db, stories[0]?.escrowId ?? '');
    expect(released?.view).toMatchObject({
      state: 'RELEASED',
      eventsApplied: 9,
      feeMinor: 22_500n,
    });
    expect(released?.timeline).toHaveLength(10);
  });

  it('shows each command as applied or rejected with the escrow’s reason', async () => {
    expect(await getCommandStatus(paymentsFirst.db, releaseId)).toMatchObject({
      status: 'APPLIED',
      commandType: 'ReleaseFunds',
      reasonCode: null,
      escrowId: stories[0]?.escrowId,
    });
    expect(await getCommandStatus(paymentsFirst.db, refusedId)).toMatchObject({
      status: 'REJECTED',
      commandType: 'ReleaseFunds',
      reasonCode: 'ACTOR_NOT_BUYER',
      detail: 'refused: ACTOR_NOT_BUYER',
    });
    const pending = new EscrowStory();
    const waiting = pending.commandBy('buyer', 'releaseFunds');
    await paymentsFirst.publish(pending.messages);
    await paymentsFirst.waitUntilCaughtUp(service);
    expect(await getCommandStatus(paymentsFirst.db, waiting)).toMatchObject({
      status: 'ACCEPTED',
      decidedAt: null,
    });
    expect(await getCommandStatus(paymentsFirst.db, newId())).toBeUndefined();
  });

  it('keeps a rejection that was projected before its command was', async () => {
    const story = new EscrowStory().open();
    const commandId = story.refuse('seller', 'releaseFunds', 'INVALID_TRANSITION', 'ReleaseFunds');
    await paymentsFirst.publish(ofKind(story.messages, 'escrowEvent'));
    await paymentsFirst.waitUntilCaughtUp(service);
    await paymentsFirst.publish(ofKind(story.messages, 'escrowCommand'));
    await paymentsFirst.waitUntilCaughtUp(service);
    const status = await getCommandStatus(paymentsFirst.db, commandId);
    expect(status).toMatchObject({ status: 'REJECTED', reasonCode: 'INVALID_TRANSITION' });
    expect(status?.acceptedAt).toBeInstanceOf(Date);
  });

  it('puts disputes in the moderators’ queue oldest first, and takes them out when resolved', async () => {
    const older = new EscrowStory({ startAt: new Date('2020-01-01T00:00:00Z') })
      .open()
      .fund()
      .deliver()
      .dispute();
    const newer = new EscrowStory({ startAt: new Date('2020-01-02T00:00:00Z') })
      .open()
      .fund()
      .deliver()
      .dispute();
    await paymentsFirst.publish([...older.messages, ...newer.messages]);
    await paymentsFirst.waitUntilCaughtUp(service);
    const queue = async () => {
      const page = await listDisputeQueue(paymentsFirst.db, { limit: 100 });
      if (!page.ok) throw new Error(page.error.message);
      return page.value.items.filter((item) =>
        [older.escrowId, newer.escrowId].includes(item.escrowId),
      );
    };
    expect((await queue()).map((item) => [item.escrowId, item.reason, item.stale])).toEqual([
      [older.escrowId, 'NOT_AS_DESCRIBED', false],
      [newer.escrowId, 'NOT_AS_DESCRIBED', false],
    ]);
    const first = await listDisputeQueue(paymentsFirst.db, { limit: 1 });
    if (!first.ok) throw new Error('first page refused');
    expect(first.value.items[0]?.escrowId).toBe(older.escrowId);
    const second = await listDisputeQueue(paymentsFirst.db, {
      limit: 1,
      cursor: first.value.nextCursor,
    });
    expect(second.ok && second.value.items[0]?.escrowId).toBe(newer.escrowId);

    const seen = older.messages.length;
    older.flagStale();
    await paymentsFirst.publish(older.messages.slice(seen));
    await paymentsFirst.waitUntilCaughtUp(service);
    expect((await queue())[0]).toMatchObject({
      escrowId: older.escrowId,
      stale: true,
      detail: 'the game has no place files',
    });

    const resolvedFrom = older.messages.length;
    older.resolveByRefundAfterOneFailure();
    const resolution = older.messages.slice(resolvedFrom);
    // The moderator's refund starts: out of the queue. It fails: back in. It succeeds: gone.
    const steps = [2, 4, 6, resolution.length];
    const expected = [false, true, false, false];
    let sent = 0;
    for (const [index, upTo] of steps.entries()) {
      await paymentsFirst.publish(resolution.slice(sent, upTo));
      sent = upTo;
      await paymentsFirst.waitUntilCaughtUp(service);
      const inQueue = (await queue()).some((item) => item.escrowId === older.escrowId);
      expect([upTo, inQueue]).toEqual([upTo, expected[index]]);
    }
    expect(await listDisputeQueue(paymentsFirst.db, { cursor: 'not-a-cursor' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_CURSOR' },
    });
  });

  it('lists a user’s trades as buyer and seller, newest first, a page at a time', async () => {
    const user = newId();
    const day = (d: number) => new Date(`2025-06-0${d}T00:00:00Z`);
    const trades = [
      new EscrowStory({ buyerId: user, startAt: day(1) }).open(),
      new EscrowStory({ sellerId: user, startAt: day(2) }).open().fund(),
      new EscrowStory({ buyerId: user, startAt: day(3) }).open().cancel(),
    ];
    await paymentsFirst.publish(trades.flatMap((trade) => trade.messages));
    await paymentsFirst.waitUntilCaughtUp(service);
    const first = await listUserTrades(paymentsFirst.db, user, { limit: 2 });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.items.map((t) => [t.escrowId, t.role, t.state, t.amountMinor])).toEqual([
      [trades[2]?.escrowId, 'BUYER', 'CANCELLED', 450_000n],
      [trades[1]?.escrowId, 'SELLER', 'FUNDS_HELD', 450_000n],
    ]);
    expect(first.value.items[1]?.counterpartyId).toBe(trades[1]?.buyerId);
    const rest = await listUserTrades(paymentsFirst.db, user, {
      limit: 2,
      cursor: first.value.nextCursor,
    });
    if (!rest.ok) throw new Error(rest.error.message);
    expect(rest.value).toEqual({
      items: [expect.objectContaining({ escrowId: trades[0]?.escrowId, state: 'AWAIT_FUNDS' })],
      nextCursor: null,
    });
    expect(await listUserTrades(paymentsFirst.db, 'not-a-user')).toEqual({
      ok: true,
      value: { items: [], nextCursor: null },
    });
  });
});
