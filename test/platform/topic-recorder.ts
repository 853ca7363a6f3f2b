import type { Consumer, MessageBus } from '@bloxtr8/bus';
import type { EventMeta, TopicDefinition } from '@bloxtr8/contracts';
import { decodeEnvelope } from '@bloxtr8/contracts';
import { newId } from '@bloxtr8/platform';

export interface RecordedMessage {
  readonly topic: string;
  /** The record's key on the wire. */
  readonly key: string;
  /** The key the message itself names (its topic's key field). */
  readonly messageKey: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly headers: Readonly<Record<string, string>>;
  /** The envelope's case, e.g. `escrowReleased`. */
  readonly kind: string;
  readonly meta: EventMeta;
  readonly message: Record<string, unknown>;
}

/**
 * Reads topics as an outside observer would (its own consumer groups), so tests assert on what
 * really went over the bus, in order, per key.
 */
export class TopicRecorder {
  readonly #messages: RecordedMessage[] = [];
  readonly #consumers: Consumer[] = [];

  static async start(bus: MessageBus, topics: readonly TopicDefinition[]): Promise<TopicRecorder> {
    const recorder = new TopicRecorder();
    for (const topic of topics) {
      recorder.#consumers.push(
        await bus.subscribe({
          groupId: `test-recorder.${newId()}`,
          topics: [topic.name],
          handler: async (incoming) => {
            const decoded = decodeEnvelope(topic, incoming.value);
            if (!decoded.ok) return;
            recorder.#messages.push({
              topic: topic.name,
              key: incoming.key,
              messageKey: decoded.value.key,
              partition: incoming.partition,
              offset: incoming.offset,
              headers: incoming.headers,
              kind: decoded.value.kind,
              meta: decoded.value.meta,
              message: decoded.value.message as unknown as Record<string, unknown>,
            });
          },
        }),
      );
    }
    return recorder;
  }

  /** Everything seen so far, in the order it arrived (per partition: in offset order). */
  all(): readonly RecordedMessage[] {
    return this.#messages;
  }

  /** Everything seen on `topic` for `key`, in order. */
  of(topic: TopicDefinition, key: string): RecordedMessage[] {
    return this.#messages.filter((message) => message.topic === topic.name && message.key === key);
  }

  kindsOf(topic: TopicDefinition, key: string): string[] {
    return this.of(topic, key).map((message) => message.kind);
  }

  async stop(): Promise<void> {
    for (const consumer of this.#consumers) await consumer.stop();
  }
}
