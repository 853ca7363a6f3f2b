import type { RecordsBatch } from '@platformatic/kafka';
import { IS_CONTROL } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { recordsToMessages } from './records-to-messages.ts';

function batch(firstOffset: bigint, count: number, attributes = 0): RecordsBatch {
  return {
    firstOffset,
    length: 0,
    partitionLeaderEpoch: 0,
    magic: 2,
    crc: 0,
    attributes,
    lastOffsetDelta: count - 1,
    firstTimestamp: 1_700_000_000_000n,
    maxTimestamp: 1_700_000_000_000n,
    producerId: -1n,
    producerEpoch: -1,
    firstSequence: -1,
    records: Array.from({ length: count }, (_, i) => ({
      length: 0,
      attributes: 0,
      timestampDelta: BigInt(i),
      offsetDelta: i,
      key: Buffer.from(`key-${firstOffset + BigInt(i)}`),
      value: Buffer.from([i]),
      headers: [[Buffer.from('traceparent'), Buffer.from('00-ab-cd-01')]],
    })),
  };
}

describe('recordsToMessages', () => {
  it('turns records into messages with offsets, keys, headers and timestamps', () => {
    const { messages, nextOffset } = recordsToMessages('t', 3, 10n, [batch(10n, 2)]);
    expect(nextOffset).toBe(12n);
    expect(messages).toEqual([
      {
        topic: 't',
        partition: 3,
        offset: 10n,
        key: 'key-10',
        value: new Uint8Array([0]),
        headers: { traceparent: '00-ab-cd-01' },
        timestamp: new Date(1_700_000_000_000),
      },
      expect.objectContaining({
        offset: 11n,
        key: 'key-11',
        timestamp: new Date(1_700_000_000_001),
      }),
    ]);
  });

  it('skips the records of a batch that come before the offset asked for', () => {
    const { messages, nextOffset } = recordsToMessages('t', 0, 7n, [batch(5n, 4), batch(9n, 1)]);
    expect(messages.map((message) => message.offset)).toEqual([7n, 8n, 9n]);
    expect(nextOffset).toBe(10n);
  });

  it('moves past control batches without delivering them', () => {
    const { messages, nextOffset } = recordsToMessages('t', 0, 0n, [
      batch(0n, 1),
      batch(1n, 1, IS_CONTROL),
      batch(2n, 1),
    ]);
    expect(messages.map((message) => message.offset)).toEqual([0n, 2n]);
    expect(nextOffset).toBe(3n);
  });

  it('stays where it was when nothing came back', () => {
    expect(recordsToMessages('t', 0, 42n, [])).toEqual({ messages: [], nextOffset: 42n });
  });
});
