import type {
  ContractEventEnvelope,
  EscrowEventEnvelope,
  MarketplaceEventEnvelope,
} from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import { findEscrowParties, rememberEscrowParties } from '../store/escrow-parties.ts';
import { cancelReminder, scheduleReminder } from '../store/reminders.ts';

/**
 * What the notifications keep from escrow events, in the inbox's transaction: the parties (later
 * events carry the escrow id alone) and the deadlines to remind of, dropped when the escrow
 * moves on first.
 */
export async function learnFromEscrowEvent(
  tx: Queryable,
  event: EscrowEventEnvelope['event'],
  now: Date,
): Promise<void> {
  switch (event.case) {
    case 'escrowCreated': {
      const created = event.value;
      await rememberEscrowParties(tx, {
        escrowId: created.escrowId,
        contractId: created.contractId || null,
        listingId: created.listingId || null,
        buyerId: created.buyerId,
        sellerId: created.sellerId,
      });
      return;
    }
    case 'escrowAwaitFunds':
      return remindBuyer(
        tx,
        event.value.escrowId,
        'ESCROW_FUNDING',
        event.value.fundingDeadlineAt,
        now,
      );
    case 'escrowDelivered':
      return remindBuyer(
        tx,
        event.value.escrowId,
        'ESCROW_AUTO_RELEASE',
        event.value.autoReleaseAt,
        now,
      );
    case 'escrowSettlementFailed':
      if (event.value.autoReleaseAt === '') return;
      return remindBuyer(
        tx,
        event.value.escrowId,
        'ESCROW_AUTO_RELEASE',
        event.value.autoReleaseAt,
        now,
      );
    case 'escrowFundsHeld':
    case 'escrowCancelled':
      return cancelReminder(tx, 'ESCROW_FUNDING', event.value.escrowId, now);
    case 'escrowReleased':
    case 'escrowDisputed':
    case 'escrowRefunded':
    case 'escrowSettlementStarted':
      return cancelReminder(tx, 'ESCROW_AUTO_RELEASE', event.value.escrowId, now);
    default:
      return;
  }
}

async function remindBuyer(
  tx: Queryable,
  escrowId: string,
  kind: 'ESCROW_FUNDING' | 'ESCROW_AUTO_RELEASE',
  deadline: string,
  now: Date,
): Promise<void> {
  const parties = await findEscrowParties(tx, escrowId);
  if (parties === undefined || deadline === '') return;
  await scheduleReminder(
    tx,
    { kind, subjectId: escrowId, recipientIds: [parties.buyerId], deadlineAt: new Date(deadline) },
    now,
  );
}

/** Offer and contract deadlines, from the marketplace's events. */
export async function learnFromMarketplaceEvent(
  tx: Queryable,
  event: MarketplaceEventEnvelope['event'],
  now: Date,
): Promise<void> {
  switch (event.case) {
    case 'offerMade': {
      const offer = event.value;
      const recipient = offer.proposedBy === offer.buyerId ? offer.sellerId : offer.buyerId;
      const reminder = {
        kind: 'OFFER_EXPIRY' as const,
        subjectId: offer.offerId,
        recipientIds: [recipient],
      };
      return scheduleReminder(tx, { ...reminder, deadlineAt: new Date(offer.expiresAt) }, now);
    }
    case 'offerAnswered':
      return cancelReminder(tx, 'OFFER_EXPIRY', event.value.offerId, now);
    case 'contractCreated': {
      const contract = event.value;
      const recipientIds = [contract.buyerId, contract.sellerId];
      const reminder = {
        kind: 'CONTRACT_EXPIRY' as const,
        subjectId: contract.contractId,
        recipientIds,
      };
      return scheduleReminder(tx, { ...reminder, deadlineAt: new Date(contract.expiresAt) }, now);
    }
    case 'contractSigned':
      if (!event.value.executed) return;
      return cancelReminder(tx, 'CONTRACT_EXPIRY', event.value.contractId, now);
    default:
      return;
  }
}

export async function learnFromContractEvent(
  tx: Queryable,
  event: ContractEventEnvelope['event'],
  now: Date,
): Promise<void> {
  if (event.case === 'contractVoided') {
    await cancelReminder(tx, 'CONTRACT_EXPIRY', event.value.contractId, now);
  }
}
