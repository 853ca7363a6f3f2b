import type { Queryable } from '@bloxtr8/db';
import { newId } from '@bloxtr8/platform';
import type { Escrow, EscrowEvent } from '../domain/escrow.ts';

/**
 * Keeps the escrow's delivery and dispute records beside its state: who delivered with what note,
 * who disputed why, and how a moderator resolved it. `before` is the state the event applied to.
 */
export async function recordEscrowFacts(
  tx: Queryable,
  before: Escrow | null,
  event: EscrowEvent,
): Promise<void> {
  const escrowId = before?.terms.escrowId;
  if (escrowId === undefined) return;
  switch (event.type) {
    case 'EscrowDelivered':
      await tx.query(
        `insert into escrow.deliveries (id, escrow_id, delivered_by, note, delivered_at)
         values ($1, $2, $3, $4, $5) on conflict (escrow_id) do nothing`,
        [newId(), escrowId, event.actorId, event.note, event.at],
      );
      return;
    case 'EscrowDisputed':
      await tx.query(
        `insert into escrow.disputes (id, escrow_id, raised_by, reason, detail, raised_at)
         values ($1, $2, $3, $4, $5, $6)`,
        [newId(), escrowId, event.actorId, event.reason, event.detail, event.at],
      );
      return;
    case 'EscrowReleased':
    case 'EscrowRefunded': {
      const settlement = before?.settlement;
      if (settlement?.returnState !== 'DISPUTED') return;
      await tx.query(
        `update escrow.disputes set status = 'RESOLVED', outcome = $2, resolved_by = $3,
           resolution_note = $4, resolved_at = $5
         where escrow_id = $1 and status = 'OPEN'`,
        [escrowId, settlement.kind, settlement.actorId, settlement.note, event.at],
      );
      return;
    }
    default:
      return;
  }
}
