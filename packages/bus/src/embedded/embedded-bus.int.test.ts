import { createTestDatabase } from '@bloxtr8/db/testing';
import { createLogger } from '@bloxtr8/platform';
import { describeBusConformance } from '../conformance/bus-conformance.ts';
import type { EmbeddedBusOptions } from './embedded-bus.ts';
import { EmbeddedBus } from './embedded-bus.ts';

const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Short timings so group hand-overs happen within a test's patience. */
const TEST_OPTIONS: Partial<EmbeddedBusOptions> = {
  heartbeatIntervalMs: 100,
  sessionTimeoutMs: 1_000,
  redeliveryDelayMs: 100,
  idlePollMs: 1_000,
  retentionSweepMs: 0,
};

describeBusConformance('embedded log', async () => {
  const test = await createTestDatabase();
  const bus = await EmbeddedBus.open(test.db, logger, TEST_OPTIONS);
  const others: EmbeddedBus[] = [];
  return {
    name: 'embedded',
    bus,
    db: test.db,
    async openAnother() {
      const other = await EmbeddedBus.open(test.db, logger, TEST_OPTIONS);
      others.push(other);
      return other;
    },
    createTopics: (topics) => bus.ensureTopics(topics),
    async close() {
      for (const other of others) await other.close();
      await bus.close();
      await test.drop();
    },
  };
});
