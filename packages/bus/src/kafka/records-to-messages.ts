import type { RecordsBatch } from '@platformatic/kafka';
import { IS_CONTROL } from '@platformatic/kafka';
import type { IncomingMessage } from '../message-bus.ts';

export interface FetchedPartition {
  readonly messages: IncomingMessage[];
  /** Where the next fetch starts: past the last batch, control batches included. */
  readonly nextOffset: bigint;
}

/**
 * Turns the record batches a fetch returned into messages. A batch can start before the offset
 * asked for (the broker returns whole batches), so records below `fromOffset` are skipped.
 */
export function recordsToMessages(
  topic: string,
  partition: number,
  fromOffset: bigint,
  batches: readonly RecordsBatch[],
): FetchedPartition {
  const messages: IncomingMessage[] = [];
  let nextOffset = fromOffset;
  for (const batch of batches) {
    const batchEnd = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
    if (batchEnd > nextOffset) nextOffset = batchEnd;
    // Control batches carry transaction markers, not messages.
    if ((batch.attributes & IS_CONTROL) !== 0) continue;
    for (const record of batch.records) {
      const offset = batch.firstOffset + BigInt(record.offsetDelta);
      if (offset < fromOffset) continue;
      const headers: Record<string, string> = {};
      for (const [name, value] of record.headers) {
        if (name !== null) headers[name.toString('utf8')] = value?.toString('utf8') ?? '';
      }
      messages.push({
        topic,
        partition,
        offset,
        key: record.key?.toString('utf8') ?? '',
        value: new Uint8Array(record.value ?? []),
        headers,
        timestamp: new Date(Number(batch.firstTimestamp + record.timestampDelta)),
      });
    }
  }
  return { messages, nextOffset };
}
