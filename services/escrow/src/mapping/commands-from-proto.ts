import { PermanentError } from '@bloxtr8/bus';
import type { EscrowCommandEnvelope, PaymentEventEnvelope } from '@bloxtr8/contracts';
import { ACTOR_ROLES, CURRENCIES, KYC_TIERS, NETWORKS, RAILS } from '@bloxtr8/contracts';
import type { Actor, EscrowCommand } from '../domain/commands.ts';
import {
  CANCEL_REASONS,
  DISPUTE_OUTCOMES,
  DISPUTE_REASONS,
  REFUND_REASONS,
  RELEASE_REASONS,
} from './escrow-enums.ts';

export interface AddressedCommand {
  readonly escrowId: string;
  readonly command: EscrowCommand;
}

/** A wire value that must be set; a missing or unknown one makes the message malformed. */
function required<T>(value: T | undefined, what: string): T {
  if (value === undefined)
    throw new PermanentError('MALFORMED_COMMAND', `${what} is missing or unknown`);
  return value;
}

function actorOf(message: { actorId: string; actorRole: number }): Actor {
  if (message.actorId === '') throw new PermanentError('MALFORMED_COMMAND', 'actor_id is empty');
  return {
    id: message.actorId,
    role: required(ACTOR_ROLES.toName(message.actorRole), 'actor_role'),
  };
}

/**
 * Translates escrow.commands.v1 into domain commands. The gateway validates what it sends, so a
 * malformed command is a bug upstream: it goes to the DLQ rather than becoming a rejection.
 */
export function commandFromEnvelope(envelope: EscrowCommandEnvelope): AddressedCommand {
  const { command } = envelope;
  switch (command.case) {
    case 'createEscrow': {
      const m = command.value;
      const currency = required(CURRENCIES.toName(m.currency), 'currency');
      return {
        escrowId: m.escrowId,
        command: {
          type: 'CreateEscrow',
          terms: {
            escrowId: m.escrowId,
            contractId: m.contractId,
            offerId: m.offerId,
            listingId: m.listingId,
            buyerId: m.buyerId,
            sellerId: m.sellerId,
            amountMinor: m.amountMinor,
            currency,
            rail: required(RAILS.toName(m.rail), 'rail'),
            network: NETWORKS.toName(m.network) ?? null,
            sellerPayoutRef: m.sellerPayoutRef,
          },
          buyerTier: required(KYC_TIERS.toName(m.buyerTier), 'buyer_tier'),
          sellerTier: required(KYC_TIERS.toName(m.sellerTier), 'seller_tier'),
        },
      };
    }
    case 'markDelivered':
      return {
        escrowId: command.value.escrowId,
        command: { type: 'MarkDelivered', actor: actorOf(command.value), note: command.value.note },
      };
    case 'releaseFunds': {
      const reason = required(RELEASE_REASONS.toName(command.value.reason), 'reason');
      if (reason === 'DISPUTE_RESOLVED') {
        throw new PermanentError('MALFORMED_COMMAND', 'disputes are resolved with ResolveDispute');
      }
      return {
        escrowId: command.value.escrowId,
        command: { type: 'ReleaseFunds', actor: actorOf(command.value), reason },
      };
    }
    case 'cancelEscrow':
      return {
        escrowId: command.value.escrowId,
        command: {
          type: 'CancelEscrow',
          actor: actorOf(command.value),
          reason: required(CANCEL_REASONS.toName(command.value.reason), 'reason'),
        },
      };
    case 'raiseDispute':
      return {
        escrowId: command.value.escrowId,
        command: {
          type: 'RaiseDispute',
          actor: actorOf(command.value),
          reason: required(DISPUTE_REASONS.toName(command.value.reason), 'reason'),
          detail: command.value.detail,
        },
      };
    case 'resolveDispute':
      return {
        escrowId: command.value.escrowId,
        command: {
          type: 'ResolveDispute',
          actor: actorOf(command.value),
          outcome: required(DISPUTE_OUTCOMES.toName(command.value.outcome), 'outcome'),
          note: command.value.note,
        },
      };
    case 'refundEscrow': {
      const reason = required(REFUND_REASONS.toName(command.value.reason), 'reason');
      if (reason === 'DISPUTE_RESOLVED') {
        throw new PermanentError('MALFORMED_COMMAND', 'disputes are resolved with ResolveDispute');
      }
      return {
        escrowId: command.value.escrowId,
        command: {
          type: 'RefundEscrow',
          actor: actorOf(command.value),
          reason,
          note: command.value.note,
        },
      };
    }
    case undefined:
      throw new PermanentError('MALFORMED_COMMAND', 'empty command envelope');
  }
}

/**
 * Translates payments.events.v1 into the facts the escrow records. Events that do not concern the
 * state machine (a payment intent created, a reconciliation finding, a release held until the
 * seller can be paid: the settlement simply stays pending) give undefined.
 */
export function factFromPaymentEvent(envelope: PaymentEventEnvelope): AddressedCommand | undefined {
  const { event } = envelope;
  switch (event.case) {
    case 'paymentSucceeded':
      return {
        escrowId: event.value.escrowId,
        command: {
          type: 'RecordPaymentSucceeded',
          providerPaymentId: event.value.providerPaymentId,
          amountMinor: event.value.amountMinor,
          currency: required(CURRENCIES.toName(event.value.currency), 'currency'),
          rail: required(RAILS.toName(event.value.rail), 'rail'),
        },
      };
    case 'paymentFailed':
      return {
        escrowId: event.value.escrowId,
        command: {
          type: 'RecordPaymentFailed',
          providerPaymentId: event.value.providerPaymentId,
          failureCode: event.value.failureCode,
        },
      };
    case 'transferSucceeded':
      return {
        escrowId: event.value.escrowId,
        command: {
          type: 'RecordTransferSucceeded',
          providerTransferId: event.value.providerTransferId,
          amountMinor: event.value.amountMinor,
          feeMinor: event.value.feeMinor,
        },
      };
    case 'transferFailed':
      return {
        escrowId: event.value.escrowId,
        command: {
          type: 'RecordTransferFailed',
          failureCode: event.value.failureCode,
          failureMessage: event.value.failureMessage,
        },
      };
    case 'refundSucceeded':
      return {
        escrowId: event.value.escrowId,
        command: {
          type: 'RecordRefundSucceeded',
          providerRefundId: event.value.providerRefundId,
          amountMinor: event.value.amountMinor,
        },
      };
    case 'refundFailed':
      return {
        escrowId: event.value.escrowId,
        command: {
          type: 'RecordRefundFailed',
          failureCode: event.value.failureCode,
          failureMessage: event.value.failureMessage,
        },
      };
    case 'paymentIntentCreated':
    case 'reconciliationDiscrepancyFound':
    case 'transferHeld':
    case undefined:
      return undefined;
  }
}
