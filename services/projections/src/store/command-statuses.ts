import type { Queryable } from '@bloxtr8/db';
import type { CommandStatusChange } from '../model/command-status-change.ts';

/** True when the incoming outcome decides instead of what the row holds: the earliest outcome wins. */
const INCOMING_DECIDES = `(excluded.decided_at is not null and (c.decided_at is null
  or (excluded.decided_at, excluded.decided_by_event_id) < (c.decided_at, c.decided_by_event_id)))`;

const decided = (column: string) =>
  `${column} = case when ${INCOMING_DECIDES} then excluded.${column} else c.${column} end`;

/**
 * Merges what one message says about a command into its status row, in one statement, so that
 * arrival order across topics and redeliveries cannot change the result: an outcome outranks
 * ACCEPTED, the earliest outcome event decides, the command type and acceptance time are kept once
 * known.
 */
export async function applyCommandStatusChange(
  tx: Queryable,
  change: CommandStatusChange,
): Promise<void> {
  const outcome = change.status === 'ACCEPTED' ? null : change;
  await tx.query(
    `insert into projections.command_statuses as c (command_id, escrow_id, command_type, status,
       reason_code, detail, accepted_at, decided_at, decided_by_event_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (command_id) do update set
       command_type = coalesce(c.command_type, excluded.command_type),
       accepted_at = least(c.accepted_at, excluded.accepted_at),
       ${['status', 'reason_code', 'detail', 'decided_at', 'decided_by_event_id'].map(decided).join(',\n       ')}`,
    [
      change.commandId,
      change.escrowId,
      change.status === 'APPLIED' ? null : change.commandType,
      change.status,
      change.status === 'REJECTED' ? change.reasonCode : null,
      change.status === 'REJECTED' ? change.detail : null,
      change.status === 'ACCEPTED' ? change.acceptedAt : null,
      outcome?.decidedAt ?? null,
      outcome?.decidedByEventId ?? null,
    ],
  );
}
