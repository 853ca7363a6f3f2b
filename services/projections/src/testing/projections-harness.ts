import type { OutgoingMessage } from '@bloxtr8/bus';
import { EmbeddedBus, headersFor } from '@bloxtr8/bus';
import type { TopicDefinition } from '@bloxtr8/contracts';
import { allTopicDefinitions, encodeEnvelope, TOPICS } from '@bloxtr8/contracts';
import type { Database } from '@bloxtr8/db';
import type { TestDatabase, TestEngine } from '@bloxtr8/db/testing';
import { createTestDatabase } from '@bloxtr8/db/testing';
import type { Logger } from '@bloxtr8/platform';
import { createLogger } from '@bloxtr8/platform';
import type { MessageShape } from '@bufbuild/protobuf';
import type { ProjectionsService } from '../service/start-projections-service.ts';
import { startProjectionsService } from '../service/start-projections-service.ts';
import type { StoryMessage } from './escrow-story.ts';

/** Short timings so group hand-overs and redeliveries happen within a test's patience. */
const TEST_BUS_OPTIONS = {
  heartbeatIntervalMs: 100,
  sessionTimeoutMs: 2_000,
  redeliveryDelayMs: 100,
  retentionSweepMs: 0,
};

export interface ProjectionsHarness {
  readonly db: Database;
  readonly bus: EmbeddedBus;
  readonly logger: Logger;
  startService(): Promise<ProjectionsService>;
  publish(messages: readonly StoryMessage[]): Promise<void>;
  publishEnvelope<Topic extends TopicDefinition>(
    topic: Topic,
    envelope: MessageShape<Topic['envelope']>,
  ): Promise<void>;
  /** Waits until every projections group of the current generation has nothing left to read. */
  waitUntilCaughtUp(service: ProjectionsService, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export function toOutgoing(message: StoryMessage): OutgoingMessage {
  const encode = () => {
    switch (message.kind) {
      case 'escrowEvent':
        return {
          topic: TOPICS.escrowEvents.name,
          ...encodeEnvelope(TOPICS.escrowEvents, message.envelope),
        };
      case 'paymentEvent':
        return {
          topic: TOPICS.paymentEvents.name,
          ...encodeEnvelope(TOPICS.paymentEvents, message.envelope),
        };
      case 'escrowCommand':
        return {
          topic: TOPICS.escrowCommands.name,
          ...encodeEnvelope(TOPICS.escrowCommands, message.envelope),
        };
    }
  };
  const { topic, key, value, meta, kind } = encode();
  return { topic, key, value, headers: headersFor(meta, kind) };
}

/** A fresh database (PGlite or PostgreSQL) with the embedded log and every catalog topic. */
export async function openProjectionsHarness(engine: TestEngine): Promise<ProjectionsHarness> {
  const test: TestDatabase = await createTestDatabase(engine);
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const bus = await EmbeddedBus.open(test.db, logger, TEST_BUS_OPTIONS);
  await bus.ensureTopics(allTopicDefinitions());
  const services: ProjectionsService[] = [];
  return {
    db: test.db,
    bus,
    logger,
    async startService() {
      const service = await startProjectionsService({
        db: test.db,
        bus,
        logger,
        retry: { initialMs: 20, maxMs: 200, maxAttempts: 3 },
      });
      services.push(service);
      return service;
    },
    async publish(messages) {
      for (const message of messages) await bus.publish([toOutgoing(message)]);
    },
    async publishEnvelope(topic, envelope) {
      const { key, value, meta, kind } = encodeEnvelope(topic, envelope);
      await bus.publish([{ topic: topic.name, key, value, headers: headersFor(meta, kind) }]);
    },
    async waitUntilCaughtUp(service, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const lags = await service.lag();
        if (lags.every((lag) => lag.messagesBehind === 0)) return;
        if (Date.now() > deadline) {
          throw new Error(
            `projections still behind: ${JSON.stringify(lags.filter((l) => l.messagesBehind))}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async close() {
      for (const service of services) await service.stop();
      await bus.close();
      await test.drop();
    },
  };
}

/** Every read-model row that a rebuild must reproduce (projection times left out). */
export async function readModelSnapshot(db: Database): Promise<Record<string, unknown[]>> {
  const views = await db.query('select * from projections.escrow_views order by escrow_id');
  const timeline = await db.query(
    'select * from projections.escrow_timeline order by escrow_id, occurred_at, event_id',
  );
  const commands = await db.query('select * from projections.command_statuses order by command_id');
  const dlq = await db.query(
    'select * from projections.dlq_overview order by dlq_topic, consumer_group',
  );
  return {
    views: views.rows.map(({ projected_at: _projectedAt, ...row }) => row),
    timeline: timeline.rows,
    commands: commands.rows,
    dlq: dlq.rows,
  };
}
