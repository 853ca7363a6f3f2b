/**
 * A consumer as its own process, for tests that crash one (kill -9) and start it again:
 *   node consumer-process.ts <brokers> <topic> <group> <member-slot-directory>
 * Prints `joined` once it is in the group, then `consumed <key>` for every message it handles.
 */
import { createLogger } from '@bloxtr8/platform';
import { KafkaBus } from '../kafka-bus.ts';
import { claimMemberSlot } from '../member-ledger.ts';

const [brokers = '', topic = '', groupId = '', slotDirectory = ''] = process.argv.slice(2);
const memberLedger = await claimMemberSlot(slotDirectory);
const bus = await KafkaBus.open(
  {
    brokers: brokers.split(','),
    clientId: 'bloxtr8-test-consumer',
    heartbeatIntervalMs: 250,
    fetchMaxWaitMs: 100,
    memberLedger,
  },
  createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', destination: process.stderr }),
);
await bus.subscribe({
  groupId,
  topics: [topic],
  handler: async (message) => {
    process.stdout.write(`consumed ${message.key}\n`);
  },
});
process.stdout.write('joined\n');
process.once('SIGTERM', () => {
  void bus
    .close()
    .then(() => memberLedger.release())
    .then(() => process.exit(0));
});
