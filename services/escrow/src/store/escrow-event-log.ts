import type { Queryable } from '@bloxtr8/db';

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
