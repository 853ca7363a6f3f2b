import type { EnvelopeHandler } from '@bloxtr8/bus';
import type { TOPICS } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import { markListingSold } from '../listings/change-listing.ts';

/**
 * escrow.events.v1: a released escrow sold its contract's listing (SPEC §3). Escrows the
 * marketplace did not open (no contract carries their id) are not the marketplace's business.
 */
export function onEscrowEvent(): EnvelopeHandler<typeof TOPICS.escrowEvents> {
  return async (message, { tx }) => {
    const { event } = message.envelope;
    if (event.case !== 'escrowReleased') return;
    const listingId = await listingOfEscrow(tx, event.value.escrowId);
    if (listingId === undefined) return;
    await markListingSold(tx, listingId, {
      at: new Date(message.meta.occurredAt),
      escrowId: event.value.escrowId,
    });
  };
}

async function listingOfEscrow(tx: Queryable, escrowId: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ listing_id: string }>(
    'select listing_id from marketplace.contracts where escrow_id = $1',
    [escrowId],
  );
  return rows[0]?.listing_id;
}
