import type { EscrowEventEnvelope } from '@bloxtr8/contracts';
import { EscrowEventEnvelopeSchema } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import { toBinary, toJsonString } from '@bufbuild/protobuf';

export interface LoggedEvent {
  readonly version: number;
  readonly type: string;
  readonly envelope: EscrowEventEnvelope;
  readonly eventId: string;
  readonly causationId: string;
  readonly correlationId: string;
  readonly occurredAt: Date;
}

/**
 * Appends to the escrow's history, forever (the table refuses UPDATE and DELETE). The bytes are
 * exactly what was published; the JSON copy is for people reading the log.
 */
export async function appendEscrowEvents(
  tx: Queryable,
  escrowId: string,
  events: readonly LoggedEvent[],
): Promise<void> {
  for (const event of events) {
    await tx.query(
      `insert into escrow.escrow_events (escrow_id, version, event_id, event_type, payload, payload_json,
         causation_id, correlation_id, occurred_at)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)`,
      [
        escrowId,
        event.version,
        event.eventId,
        event.type,
        toBinary(EscrowEventEnvelopeSchema, event.envelope),
        toJsonString(EscrowEventEnvelopeSchema, event.envelope),
        event.causationId === '' ? null : event.causationId,
        event.correlationId,
        event.occurredAt,
      ],
    );
  }
}

export interface EscrowHistoryEntry {
  readonly version: number;
  readonly eventType: string;
  readonly occurredAt: Date;
  readonly payload: Uint8Array;
}

export async function readEscrowHistory(
  db: Queryable,
  escrowId: string,
): Promise<EscrowHistoryEntry[]> {
  const { rows } = await db.query<{
    version: number;
    event_type: string;
    occurred_at: Date;
    payload: Uint8Array;
  }>(
    `select version, event_type, occurred_at, payload from escrow.escrow_events
     where escrow_id = $1 order by version`,
    [escrowId],
  );
  return rows.map((row) => ({
    version: row.version,
    eventType: row.event_type,
    occurredAt: row.occurred_at,
    payload: row.payload,
  }));
}
