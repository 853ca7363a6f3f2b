import type { Queryable } from '@bloxtr8/db';
import { isUuid } from '@bloxtr8/platform';

/** What became of one escrow command, for the caller who sent it (202 Accepted → follow this). */
export interface CommandStatus {
  readonly commandId: string;
  readonly escrowId: string;
  /** E.g. `ReleaseFunds`; null when only the outcome was seen (the command aged out of its topic). */
  readonly commandType: string | null;
  /** ACCEPTED: seen, outcome pending; APPLIED: it changed the escrow; REJECTED: refused, see code. */
  readonly status: 'ACCEPTED' | 'APPLIED' | 'REJECTED';
  /** The escrow's stable refusal code (e.g. ACTOR_NOT_BUYER), only when REJECTED. */
  readonly reasonCode: string | null;
  readonly detail: string | null;
  readonly acceptedAt: Date | null;
  readonly decidedAt: Date | null;
}

interface CommandStatusRow {
  readonly command_id: string;
  readonly escrow_id: string;
  readonly command_type: string | null;
  readonly status: CommandStatus['status'];
  readonly reason_code: string | null;
  readonly detail: string | null;
  readonly accepted_at: Date | null;
  readonly decided_at: Date | null;
}

/** Undefined until the command or its outcome has been projected (or for an unknown id). */
export async function getCommandStatus(
  db: Queryable,
  commandId: string,
): Promise<CommandStatus | undefined> {
  if (!isUuid(commandId)) return undefined;
  const { rows } = await db.query<CommandStatusRow>(
    `select command_id, escrow_id, command_type, status, reason_code, detail, accepted_at, decided_at
     from projections.command_statuses where command_id = $1`,
    [commandId],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    commandId: row.command_id,
    escrowId: row.escrow_id,
    commandType: row.command_type,
    status: row.status,
    reasonCode: row.reason_code,
    detail: row.detail,
    acceptedAt: row.accepted_at,
    decidedAt: row.decided_at,
  };
}
