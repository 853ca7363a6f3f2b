import type { Queryable } from '@bloxtr8/db';
import { isUuid } from '@bloxtr8/platform';
import type { EscrowView } from '../model/escrow-view.ts';
import type { TimelineDetail } from '../model/timeline-codec.ts';
import { decodeDetail } from '../model/timeline-codec.ts';
import type { EscrowViewRow } from '../store/escrow-view-rows.ts';
import { escrowViewOfRow } from '../store/escrow-view-rows.ts';

/** One event of an escrow as its timeline shows it. */
export interface TimelineEntry {
  readonly eventId: string;
  readonly occurredAt: Date;
  readonly sourceTopic: string;
  /** The message name, e.g. `EscrowReleased`, `PaymentIntentCreated`, `EscrowCommandRejected`. */
  readonly eventType: string;
  readonly actorId: string | null;
  readonly causationId: string | null;
  /** Ids, amounts (bigint, `…Minor`), instants (`…At`), reasons and codes; no secrets, no free text. */
  readonly detail: TimelineDetail;
}

export interface EscrowDetails {
  readonly view: EscrowView;
  /** Every event in order of occurrence (event id breaking ties). */
  readonly timeline: TimelineEntry[];
}

interface TimelineJson {
  readonly event_id: string;
  readonly occurred_at: string;
  readonly source_topic: string;
  readonly event_type: string;
  readonly actor_id: string | null;
  readonly causation_id: string | null;
  readonly detail: Record<string, unknown>;
}

/**
 * The escrow and its timeline in one statement and one round trip: a primary-key read of the view
 * and a range of the timeline's primary key. Undefined for an escrow no event has mentioned.
 */
export async function getEscrowView(
  db: Queryable,
  escrowId: string,
): Promise<EscrowDetails | undefined> {
  if (!isUuid(escrowId)) return undefined;
  const { rows } = await db.query<EscrowViewRow & { timeline: TimelineJson[] }>(
    `select v.*, coalesce((
       select jsonb_agg(jsonb_build_object(
           'event_id', t.event_id, 'occurred_at', t.occurred_at, 'source_topic', t.source_topic,
           'event_type', t.event_type, 'actor_id', t.actor_id, 'causation_id', t.causation_id,
           'detail', t.detail)
         order by t.occurred_at, t.event_id)
       from projections.escrow_timeline t where t.escrow_id = v.escrow_id), '[]'::jsonb) as timeline
     from projections.escrow_views v where v.escrow_id = $1`,
    [escrowId],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return { view: escrowViewOfRow(row), timeline: row.timeline.map(timelineEntryOf) };
}

function timelineEntryOf(json: TimelineJson): TimelineEntry {
  return {
    eventId: json.event_id,
    occurredAt: new Date(json.occurred_at),
    sourceTopic: json.source_topic,
    eventType: json.event_type,
    actorId: json.actor_id,
    causationId: json.causation_id,
    detail: decodeDetail(json.detail),
  };
}
