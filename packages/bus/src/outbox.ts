import type { TopicDefinition } from '@bloxtr8/contracts';
import { encodeEnvelope } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import type { MessageShape } from '@bufbuild/protobuf';
import { headersFor } from './trace-headers.ts';

/** A service's schema name, used as an SQL identifier: only plain lowercase names pass. */
export function assertSchemaName(schema: string): string {
  if (!/^[a-z][a-z_]{0,62}$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
  return schema;
}

/** A message as an outbox row holds it: encoded, keyed, with its trace headers. */
export interface OutboxMessage {
  readonly eventId: string;
  readonly topic: string;
  readonly key: string;
  readonly payload: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
}

export function toOutboxMessage<Topic extends TopicDefinition>(
  topic: Topic,
  envelope: MessageShape<Topic['envelope']>,
): OutboxMessage {
  const { key, value, meta, kind } = encodeEnvelope(topic, envelope);
  return {
    eventId: meta.eventId,
    topic: topic.name,
    key,
    payload: value,
    headers: headersFor(meta, kind),
  };
}

/**
 * Adds a message to `schema`'s outbox inside the caller's transaction, so it is published if and
 * only if the business change commits. The relay publishes it later, in order.
 */
export async function appendToOutbox<Topic extends TopicDefinition>(
  tx: Queryable,
  schema: string,
  topic: Topic,
  envelope: MessageShape<Topic['envelope']>,
): Promise<void> {
  const message = toOutboxMessage(topic, envelope);
  await tx.query(
    `insert into ${assertSchemaName(schema)}.outbox (event_id, topic, message_key, payload, headers)
     values ($1, $2, $3, $4, $5::jsonb)`,
    [message.eventId, message.topic, message.key, message.payload, JSON.stringify(message.headers)],
  );
}
