import { randomUUID } from 'node:crypto';
import type { TopicDefinition } from '@bloxtr8/contracts';
import {
  createMeta,
  deadLetterTopicName,
  EscrowCommandEnvelopeSchema,
  MarkDeliveredSchema,
  TOPICS,
} from '@bloxtr8/contracts';
import type { Database } from '@bloxtr8/db';
import { newTraceId } from '@bloxtr8/platform';
import { create, toBinary } from '@bufbuild/protobuf';
import type { OutgoingMessage } from '../message-bus.ts';
import { headersFor } from '../trace-headers.ts';

/** A topic shaped like escrow.commands.v1 under a test's own name, with its DLQ twin. */
export function testTopic(name: string): typeof TOPICS.escrowCommands {
  const base: TopicDefinition<typeof EscrowCommandEnvelopeSchema> = TOPICS.escrowCommands;
  return { ...base, name, dlq: { ...base.dlq, name: deadLetterTopicName(name) } };
}

/** A valid command for `key`, whose note carries `seq` so tests can check order. */
export function testCommand(topic: string, key: string, seq: number): OutgoingMessage {
  const meta = createMeta({
    eventId: randomUUID(),
    occurredAt: new Date(),
    traceId: newTraceId(),
    correlationId: `corr-${key}`,
  });
  const envelope = create(EscrowCommandEnvelopeSchema, {
    command: {
      case: 'markDelivered',
      value: create(MarkDeliveredSchema, {
        meta,
        escrowId: key,
        actorId: 'seller',
        note: String(seq),
      }),
    },
  });
  return {
    topic,
    key,
    value: toBinary(EscrowCommandEnvelopeSchema, envelope),
    headers: headersFor(meta, 'markDelivered'),
  };
}

/** The schema the suite's consumers keep their inbox and effects in. */
export const SUITE_SCHEMA = 'conformance';

export async function prepareSuiteSchema(db: Database): Promise<void> {
  await db.exec(`
    create schema if not exists ${SUITE_SCHEMA};
    create table if not exists ${SUITE_SCHEMA}.effects (
      event_id uuid primary key,
      topic text not null,
      message_key text not null,
      seq integer not null,
      handled_at timestamptz not null default clock_timestamp()
    );
  `);
  const { rows } = await db.query<{ present: boolean }>(
    `select to_regclass('${SUITE_SCHEMA}.inbox') is not null as present`,
  );
  if (rows[0]?.present !== true) await db.query(`select platform.create_inbox($1)`, [SUITE_SCHEMA]);
}
