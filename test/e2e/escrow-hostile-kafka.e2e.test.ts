import { describe } from 'vitest';
import { kafkaPlatformOptions } from '../platform/index.ts';
import { describeHostileEscrowCases } from './escrow-hostile-suite.ts';

const kafka = kafkaPlatformOptions('hostile escrow cases on Kafka');

describe.skipIf(kafka === undefined)('on Apache Kafka', () => {
  describeHostileEscrowCases('kafka', () => kafka ?? {});
});
