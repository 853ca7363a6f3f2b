import { createMeta, DeadLetterSchema, ErrorKind } from '@bloxtr8/contracts';
import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { deadLetterEntryOf } from './dead-letter-entry.ts';

const letter = (overrides: Record<string, unknown> = {}) =>
  create(DeadLetterSchema, {
    meta: createMeta({
      eventId: '0195f2a0-0000-7000-8000-0000000000aa',
      occurredAt: new Date('2026-03-02T08:00:00.000Z'),
      traceId: 'b'.repeat(32),
      correlationId: 'trade-9',
    }),
    originTopic: 'payments.commands.v1',
    originPartition: 3,
    originOffset: 41n,
    consumerGroup: 'payments.commands',
    errorKind: ErrorKind.RETRIES_EXHAUSTED,
    errorType: 'ECONNRESET',
    errorMessage: 'x'.repeat(5_000),
    retryCount: 4,
    ...overrides,
  });

describe('dead letters as overview entries', () => {
  it('keeps where and why the message failed, with a bounded message', () => {
    const read = deadLetterEntryOf('payments.commands.v1.dlq', letter());
    expect(read).toEqual({
      entry: {
        deadLetterId: '0195f2a0-0000-7000-8000-0000000000aa',
        dlqTopic: 'payments.commands.v1.dlq',
        consumerGroup: 'payments.commands',
        originTopic: 'payments.commands.v1',
        originPartition: 3,
        originOffset: 41n,
        failedAt: new Date('2026-03-02T08:00:00.000Z'),
        errorKind: 'RETRIES_EXHAUSTED',
        errorType: 'ECONNRESET',
        errorMessage: 'x'.repeat(1_000),
      },
    });
  });

  it('refuses a letter without a usable meta or group', () => {
    expect(deadLetterEntryOf('a.b.v1.dlq', letter({ meta: undefined }))).toEqual({
      problem: 'meta is missing',
    });
    expect(deadLetterEntryOf('a.b.v1.dlq', letter({ consumerGroup: '' }))).toEqual({
      problem: 'consumer_group is empty',
    });
  });
});
