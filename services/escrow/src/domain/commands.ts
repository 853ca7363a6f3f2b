import type { CurrencyCode, RailName } from '@bloxtr8/contracts';
import type { CancelReason, DisputeReason, EscrowTerms, KycTier, RefundReason } from './escrow.ts';

/** Who asks, as the gateway authenticated them; buyer or seller follows from the escrow. */
export interface Actor {
  readonly id: string;
  readonly role: 'USER' | 'ADMIN' | 'SYSTEM';
}

/**
 * Everything the escrow decides on: the commands of escrow.commands.v1, the payment facts of
 * payments.events.v1 (recorded, not obeyed blindly: they are checked against the escrow), and the
 * platform's own timeouts.
 */
export type EscrowCommand =
  | {
      readonly type: 'CreateEscrow';
      readonly terms: EscrowTerms;
      readonly buyerTier: KycTier;
      readonly sellerTier: KycTier;
    }
  | { readonly type: 'MarkDelivered'; readonly actor: Actor; readonly note: string }
  | {
      readonly type: 'ReleaseFunds';
      readonly actor: Actor;
      readonly reason: 'BUYER_CONFIRMED' | 'AUTO_RELEASE';
    }
  | { readonly type: 'CancelEscrow'; readonly actor: Actor; readonly reason: CancelReason }
  | {
      readonly type: 'RaiseDispute';
      readonly actor: Actor;
      readonly reason: DisputeReason;
      readonly detail: string;
    }
  | {
      readonly type: 'ResolveDispute';
      readonly actor: Actor;
      readonly outcome: 'RELEASE' | 'REFUND';
      readonly note: string;
    }
  | {
      readonly type: 'RefundEscrow';
      readonly actor: Actor;
      readonly reason: Exclude<RefundReason, 'DISPUTE_RESOLVED'>;
      readonly note: string;
    }
  | {
      readonly type: 'RecordPaymentSucceeded';
      readonly providerPaymentId: string;
      readonly amountMinor: bigint;
      readonly currency: CurrencyCode;
      readonly rail: RailName;
    }
  | {
      readonly type: 'RecordPaymentFailed';
      readonly providerPaymentId: string;
      readonly failureCode: string;
    }
  | {
      readonly type: 'RecordTransferSucceeded';
      readonly providerTransferId: string;
      /** What reached the seller. */
      readonly amountMinor: bigint;
      readonly feeMinor: bigint;
    }
  | {
      readonly type: 'RecordTransferFailed';
      readonly failureCode: string;
      readonly failureMessage: string;
    }
  | {
      readonly type: 'RecordRefundSucceeded';
      readonly providerRefundId: string;
      readonly amountMinor: bigint;
    }
  | {
      readonly type: 'RecordRefundFailed';
      readonly failureCode: string;
      readonly failureMessage: string;
    }
  | { readonly type: 'FlagStaleDispute' };

export type EscrowCommandType = EscrowCommand['type'];
