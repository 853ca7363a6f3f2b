import type { Queryable } from '@bloxtr8/db';
import type { Rejection } from '../domain/rejections.ts';

export interface CommandOutcome {
  readonly commandEventId: string;
  readonly escrowId: string;
  readonly commandType: string;
  readonly rejection: Rejection | null;
}

/** Records what became of a command, so a caller (and an auditor) can always find out why. */
export async function recordCommandOutcome(tx: Queryable, outcome: CommandOutcome): Promise<void> {
  await tx.query(
    `insert into escrow.command_outcomes (command_event_id, escrow_id, command_type, outcome, reason_code, detail)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (command_event_id) do nothing`,
    [
      outcome.commandEventId,
      outcome.escrowId,
      outcome.commandType,
      outcome.rejection === null ? 'APPLIED' : 'REJECTED',
      outcome.rejection?.code ?? null,
      outcome.rejection?.detail ?? null,
    ],
  );
}

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
