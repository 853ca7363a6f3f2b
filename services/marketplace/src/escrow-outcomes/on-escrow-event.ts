import type { EnvelopeHandler } from '@bloxtr8/bus';
import type { TOPICS } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import { markListingSold } from '../listings/change-listing.ts';
import { endDeal } from './end-deal.ts';

/**
 * escrow.events.v1: a released escrow sold its contract's listing (SPEC §3); a cancelled or
 * refunded one ended its contract's deal, so the listing can be sold to someone else. Escrows
 * the marketplace did not open (no contract carries their id) are not the marketplace's business.
 */
export function onEscrowEvent(): EnvelopeHandler<typeof TOPICS.escrowEvents> {
  return async (message, { tx }) => {
    const { event } = message.envelope;
    const at = new Date(message.meta.occurredAt);
    switch (event.case) {
      case 'escrowReleased': {
        const listingId = await listingOfEscrow(tx, event.value.escrowId);
        if (listingId === undefined) return;
        await markListingSold(tx, listingId, { at, escrowId: event.value.escrowId });
        return;
      }
      case 'escrowCancelled':
        return endDeal(tx, event.value.escrowId, { reason: 'ESCROW_CANCELLED', at });
      case 'escrowRefunded':
        return endDeal(tx, event.value.escrowId, { reason: 'ESCROW_REFUNDED', at });
      default:
        return;
    }
  };
}

async function listingOfEscrow(tx: Queryable, escrowId: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ listing_id: string }>(
    'select listing_id from marketplace.contracts where escrow_id = $1',
    [escrowId],
  );
  return rows[0]?.listing_id;
}
