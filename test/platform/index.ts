export { kafkaPlatformOptions } from './kafka-platform-options.ts';
export type { TestPlatform, TestPlatformOptions } from './start-test-platform.ts';
export { startTestPlatform } from './start-test-platform.ts';
export type { RecordedMessage } from './topic-recorder.ts';
export { TopicRecorder } from './topic-recorder.ts';
export type { Trade } from './trade-fixtures.ts';
export { contractExecuted, escrowCommand, newTrade } from './trade-fixtures.ts';
export {
  deliverEscrow,
  disputeEscrow,
  fundEscrow,
  openEscrow,
  paymentIntentOf,
} from './trade-steps.ts';
