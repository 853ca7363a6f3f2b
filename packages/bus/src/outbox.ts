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
  const { key, value, meta, kind } = encodeEnvelope(topic, envelope);
  await tx.query(
    `insert into ${assertSchemaName(schema)}.outbox (event_id, topic, message_key, payload, headers)
     values ($1, $2, $3, $4, $5::jsonb)`,
    [meta.eventId, topic.name, key, value, JSON.stringify(headersFor(meta, kind))],
  );
}
