import { describe } from 'vitest';
import { kafkaPlatformOptions } from '../platform/index.ts';
import { describeEscrowLifecycles } from './escrow-lifecycle-suite.ts';

const kafka = kafkaPlatformOptions('escrow lifecycles on Kafka');

describe.skipIf(kafka === undefined)('on Apache Kafka', () => {
  describeEscrowLifecycles('kafka', () => kafka ?? {});
});
