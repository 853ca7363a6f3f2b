import type { Queryable } from '@bloxtr8/db';

export async function findCommandOutcome(
  db: Queryable,
  commandEventId: string,
): Promise<{ outcome: 'APPLIED' | 'REJECTED'; reasonCode: string | null } | undefined> {
  const { rows } = await db.query<{ outcome: 'APPLIED' | 'REJECTED'; reason_code: string | null }>(
    'select outcome, reason_code from escrow.command_outcomes where command_event_id = $1',
    [commandEventId],
  );
  const row = rows[0];
  return row === undefined ? undefined : { outcome: row.outcome, reasonCode: row.reason_code };
}
