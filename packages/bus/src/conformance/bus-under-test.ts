import type { Database } from '@bloxtr8/db';
import type { TopicSettings } from '../embedded/embedded-log.ts';
import type { MessageBus } from '../message-bus.ts';

/** What each adapter's test file gives the shared conformance suite. */
export interface BusUnderTest {
  readonly name: string;
  readonly bus: MessageBus;
  /** The database the consumer runtime keeps its inbox and dead-letter index in. */
  readonly db: Database;
  /** Another client on the same log, as a second process would have: for group tests. */
  openAnother(): Promise<MessageBus>;
  /** Creates topics (and nothing else) before a test uses them. */
  createTopics(topics: readonly TopicSettings[]): Promise<void>;
  close(): Promise<void>;
}

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A topic name no other test uses: `conformance.<random>.v1`. */
export function uniqueTopicName(): string {
  const letters = Array.from({ length: 10 }, () =>
    String.fromCharCode(97 + Math.floor(Math.random() * 26)),
  ).join('');
  return `conformance.${letters}.v1`;
}
