import type { DeadLetter } from '@bloxtr8/contracts';
import { describeMetaProblem, ErrorKindSchema } from '@bloxtr8/contracts';
import { wireName } from './wire-names.ts';

/** Error messages are kept short: the overview shows the gist, `bloxtr8 dlq show` the rest. */
const ERROR_MESSAGE_MAX = 1_000;

/** One dead letter as the DLQ overview counts it. */
export interface DeadLetterEntry {
  readonly deadLetterId: string;
  readonly dlqTopic: string;
  readonly consumerGroup: string;
  readonly originTopic: string;
  readonly originPartition: number;
  readonly originOffset: bigint;
  readonly failedAt: Date;
  readonly errorKind: string;
  readonly errorType: string;
  readonly errorMessage: string;
}

/**
 * A DeadLetter read from `dlqTopic` as an overview entry, or a reason it cannot be one. Its
 * meta.event_id is derived from the failed position (group, topic, partition, offset), so the same
 * failure dead-lettered twice is one entry.
 */
export function deadLetterEntryOf(
  dlqTopic: string,
  letter: DeadLetter,
): { readonly entry: DeadLetterEntry } | { readonly problem: string } {
  const problem = describeMetaProblem(letter.meta);
  if (problem !== undefined || letter.meta === undefined) {
    return { problem: problem ?? 'meta is missing' };
  }
  if (letter.consumerGroup === '') return { problem: 'consumer_group is empty' };
  return {
    entry: {
      deadLetterId: letter.meta.eventId.toLowerCase(),
      dlqTopic,
      consumerGroup: letter.consumerGroup,
      originTopic: letter.originTopic === '' ? dlqTopic.replace(/\.dlq$/, '') : letter.originTopic,
      originPartition: letter.originPartition,
      originOffset: letter.originOffset,
      failedAt: new Date(letter.meta.occurredAt),
      errorKind: wireName(ErrorKindSchema, letter.errorKind) ?? 'UNSPECIFIED',
      errorType: letter.errorType,
      errorMessage: letter.errorMessage.slice(0, ERROR_MESSAGE_MAX),
    },
  };
}
