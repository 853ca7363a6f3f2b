import type { Queryable } from '@bloxtr8/db';
import type { EscrowFact } from '../model/escrow-facts.ts';
import type { TimelineRecord } from '../model/timeline-codec.ts';
import { factOfTimelineRow } from '../model/timeline-codec.ts';

/** Adds one event to its escrow's timeline; false when it was there already. */
export async function appendToTimeline(tx: Queryable, record: TimelineRecord): Promise<boolean> {
  const { rowCount } = await tx.query(
    `insert into projections.escrow_timeline (escrow_id, occurred_at, event_id, source_topic,
       event_type, actor_id, causation_id, detail, sealed)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb)
     on conflict (event_id) do nothing`,
    [
      record.escrowId,
      record.occurredAt,
      record.eventId,
      record.sourceTopic,
      record.eventType,
      record.actorId,
      record.causationId,
      record.detailJson,
      record.sealedJson,
    ],
  );
  return rowCount > 0;
}

interface TimelineFactRow {
  readonly escrow_id: string;
  readonly event_id: string;
  readonly occurred_at: Date;
  readonly event_type: string;
  readonly actor_id: string | null;
  readonly causation_id: string | null;
  readonly detail: Record<string, unknown>;
  readonly sealed: Record<string, unknown>;
}

/**
 * Every fact of one escrow, refusals excluded (they change no view). Bounded by the life of one
 * trade: a dozen events, a few more for retried settlements.
 */
export async function readEscrowFacts(tx: Queryable, escrowId: string): Promise<EscrowFact[]> {
  const { rows } = await tx.query<TimelineFactRow>(
    `select escrow_id, event_id, occurred_at, event_type, actor_id, causation_id, detail, sealed
     from projections.escrow_timeline
     where escrow_id = $1 and event_type <> 'EscrowCommandRejected'
     order by occurred_at, event_id`,
    [escrowId],
  );
  return rows.map((row) =>
    factOfTimelineRow({
      escrowId: row.escrow_id,
      eventId: row.event_id,
      occurredAt: row.occurred_at,
      eventType: row.event_type,
      actorId: row.actor_id,
      causationId: row.causation_id,
      detail: row.detail,
      sealed: row.sealed,
    }),
  );
}
