import { describeBusConformance } from '@bloxtr8/bus/conformance';
import { createTestDatabase } from '@bloxtr8/db/testing';
import { startAutopilot } from './sim-autopilot.ts';
import { SimBus } from './sim-bus.ts';
import { SimLog } from './sim-log.ts';

// The simulator's bus must keep the promises of the port it stands in for: the same suite the
// embedded log and Kafka pass, with the log delivering by itself (no scheduler).
describeBusConformance('simulation log', async () => {
  const test = await createTestDatabase();
  const log = new SimLog();
  const autopilot = startAutopilot(log);
  const buses = [new SimBus(log, 'first')];
  return {
    name: 'simulated',
    bus: buses[0] as SimBus,
    db: test.db,
    async openAnother() {
      const other = new SimBus(log, `process-${buses.length + 1}`);
      buses.push(other);
      return other;
    },
    createTopics: async (topics) => {
      for (const topic of topics) log.createTopic(topic.name, topic.partitions);
    },
    async close() {
      await autopilot.stop();
      for (const bus of buses) await bus.close();
      await test.drop();
    },
  };
});
