import { availableTestEngines } from '@bloxtr8/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldEscrowView } from '../model/fold-escrow-view.ts';
import { getEscrowView } from '../queries/get-escrow-view.ts';
import { projectionLag } from '../queries/projection-lag.ts';
import { EscrowStory } from '../testing/escrow-story.ts';
import type { ProjectionsHarness } from '../testing/projections-harness.ts';
import { openProjectionsHarness, readModelSnapshot } from '../testing/projections-harness.ts';
import { factsOf } from '../testing/story-facts.ts';
import { embeddedBacklogProbe, UNKNOWN_BACKLOG } from './backlog-probe.ts';
import { consumerGroupId, sourceTopics } from './consumer-groups.ts';
import { rebuildProjections } from './rebuild-projections.ts';
import type { ProjectionsService } from './start-projections-service.ts';

const ESCROW_EVENTS = 'escrow.events.v1';

async function inboxRowsOf(harness: ProjectionsHarness, generation: number): Promise<bigint> {
  const { rows } = await harness.db.query<{ n: bigint }>(
    `select count(*) as n from projections.inbox where starts_with(consumer_group, $1)`,
    [`projections.g${generation}.`],
  );
  return rows[0]?.n ?? 0n;
}

async function viewCount(harness: ProjectionsHarness): Promise<bigint> {
  const { rows } = await harness.db.query<{ n: bigint }>(
    'select count(*) as n from projections.escrow_views',
  );
  return rows[0]?.n ?? 0n;
}

describe.each(availableTestEngines())('rebuilding and lag on %s', (engine) => {
  let harness: ProjectionsHarness;
  let service: ProjectionsService;
  const stories: EscrowStory[] = [];

  beforeAll(async () => {
    harness = await openProjectionsHarness(engine);
    service = await harness.startService();
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('reproduces identical rows when rebuilt from scratch by replaying the topics', async () => {
    const released = new EscrowStory().open().fund().deliver();
    released.refuse('seller', 'releaseFunds', 'ACTOR_NOT_BUYER', 'ReleaseFunds');
    released.release();
    const disputed = new EscrowStory().open().fund().deliver().dispute().flagStale();
    stories.push(released, disputed, new EscrowStory().open().cancel());
    const messages = stories.flatMap((story) => story.messages);
    await harness.publish(messages);
    await harness.publish(messages.slice(0, 5));
    await harness.waitUntilCaughtUp(service);
    const before = await readModelSnapshot(harness.db);
    expect(before.views).toHaveLength(3);

    expect(await service.rebuild()).toEqual({ previousGeneration: 1, generation: 2 });
    await harness.waitUntilCaughtUp(service);

    expect(await readModelSnapshot(harness.db)).toEqual(before);
    expect(await inboxRowsOf(harness, 1)).toBe(0n);
    expect(await inboxRowsOf(harness, 2)).toBeGreaterThan(0n);
  });

  it('rebuilds with the plain function while the service is not running', async () => {
    const before = await readModelSnapshot(harness.db);
    await service.stop();
    expect(await rebuildProjections(harness.db)).toEqual({ previousGeneration: 2, generation: 3 });
    expect(await viewCount(harness)).toBe(0n);
    service = await harness.startService();
    expect(service.generation()).toBe(3);
    await harness.waitUntilCaughtUp(service);
    expect(await readModelSnapshot(harness.db)).toEqual(before);
  });

  it('shows lag growing while the consumers are stopped, and back to zero once they caught up', async () => {
    await service.stop();
    const story = new EscrowStory().open().fund();
    stories.push(story);
    await harness.publish(story.messages);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const lag = await projectionLag(harness.db, {
      now: new Date(),
      backlog: embeddedBacklogProbe(harness.db),
    });
    const escrowLag = lag.find((group) => group.topic === ESCROW_EVENTS);
    expect(escrowLag).toMatchObject({
      consumerGroup: consumerGroupId(3, ESCROW_EVENTS),
      generation: 3,
      messagesBehind: 3,
    });
    expect(escrowLag?.behindMs).toBeGreaterThanOrEqual(50);
    expect(lag.find((group) => group.topic === 'payments.events.v1')?.messagesBehind).toBe(2);
    // One group per source topic: the three event sources and every catalog topic's dead letters.
    expect(lag).toHaveLength(sourceTopics().length);

    // Where the bus cannot count (Kafka through the port), event times still tell something.
    const blind = await projectionLag(harness.db, { now: new Date(), backlog: UNKNOWN_BACKLOG });
    const blindEscrow = blind.find((group) => group.topic === ESCROW_EVENTS);
    expect(blindEscrow?.messagesBehind).toBeNull();
    expect(blindEscrow?.sinceNewestEventMs).toBeGreaterThan(0);

    service = await harness.startService();
    await harness.waitUntilCaughtUp(service);
    const caughtUp = await service.lag();
    expect(caughtUp.every((group) => group.messagesBehind === 0 && group.behindMs === 0)).toBe(
      true,
    );
    const newest = Math.max(
      ...factsOf(stories.flatMap((s) => s.of('escrowEvent'))).map((f) => f.occurredAt.getTime()),
    );
    expect(caughtUp.find((group) => group.topic === ESCROW_EVENTS)?.newestEventAt).toEqual(
      new Date(newest),
    );
  });

  it('makes a consumer of an old generation stop writing and restart when another process rebuilds', async () => {
    const generation = service.generation();
    await rebuildProjections(harness.db);
    const late = new EscrowStory().open();
    stories.push(late);
    await harness.publish(late.messages);
    const deadline = Date.now() + 20_000;
    while (service.generation() === generation && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(service.generation()).toBe(generation + 1);
    await harness.waitUntilCaughtUp(service);
    expect(await viewCount(harness)).toBe(BigInt(stories.length));
    for (const story of stories) {
      const details = await getEscrowView(harness.db, story.escrowId);
      expect(details?.view).toEqual(foldEscrowView(story.escrowId, factsOf(story.messages)));
    }
    expect(await inboxRowsOf(harness, generation)).toBe(0n);
  });
});
