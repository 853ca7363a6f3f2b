import { describe } from 'vitest';
import { kafkaPlatformOptions } from '../platform/index.ts';
import { describeFullTrade } from './full-trade-suite.ts';

const kafka = kafkaPlatformOptions('a whole trade on Kafka');

describe.skipIf(kafka === undefined)('on Apache Kafka', () => {
  describeFullTrade('kafka', () => kafka ?? {});
});
