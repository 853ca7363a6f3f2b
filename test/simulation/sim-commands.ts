import type { OutgoingMessage } from '@bloxtr8/bus';
import { toOutboxMessage } from '@bloxtr8/bus';
import type { EscrowCommandEnvelope } from '@bloxtr8/contracts';
import {
  ActorRole,
  CancelReason,
  ContractEventEnvelopeSchema,
  ContractExecutedSchema,
  Currency,
  createMeta,
  DisputeOutcome,
  DisputeReason,
  EscrowCommandEnvelopeSchema,
  KycTier,
  Network,
  Rail,
  RefundReason,
  ReleaseReason,
  TOPICS,
} from '@bloxtr8/contracts';
import { create } from '@bufbuild/protobuf';

/** One trade of a run: its parties, its money, and what the simulated people plan to do. */
export interface SimTrade {
  readonly label: string;
  readonly escrowId: string;
  readonly contractId: string;
  readonly buyerId: string;
  readonly sellerId: string;
  readonly amountMinor: bigint;
  /** `never`: the seller never sets up payouts, so a release stays held (allowed to stay pending). */
  readonly payout: 'ready' | 'later' | 'never';
  onboarding: 'none' | 'account' | 'ready';
  opened: boolean;
}

export type CommandKind = Exclude<
  NonNullable<EscrowCommandEnvelope['command']['case']>,
  'createEscrow'
>;

const TRACE = '0'.repeat(31);

function metaFor(id: string, trade: SimTrade, at: Date) {
  return createMeta({
    eventId: id,
    occurredAt: at,
    traceId: `${TRACE}1`,
    correlationId: `trade-${trade.label}`,
  });
}

/** The contract side's announcement that opens the escrow (contracts.events.v1). */
export function contractExecutedMessage(trade: SimTrade, id: string, at: Date): OutgoingMessage {
  const envelope = create(ContractEventEnvelopeSchema, {
    event: {
      case: 'contractExecuted',
      value: create(ContractExecutedSchema, {
        meta: metaFor(id, trade, at),
        contractId: trade.contractId,
        escrowId: trade.escrowId,
        offerId: trade.contractId,
        listingId: trade.contractId,
        buyerId: trade.buyerId,
        sellerId: trade.sellerId,
        amountMinor: trade.amountMinor,
        currency: Currency.USD,
        rail: Rail.STRIPE,
        network: Network.UNSPECIFIED,
        buyerTier: KycTier.TIER_1,
        sellerTier: KycTier.TIER_1,
        sellerPayoutRef: '',
        pdfSha256: 'a'.repeat(64),
        templateVersion: '1.0.0',
      }),
    },
  });
  return outgoing(toOutboxMessage(TOPICS.contractEvents, envelope));
}

/** The fields each command needs besides its actor, with a valid reason. */
const FIELDS: Record<CommandKind, Record<string, unknown>> = {
  markDelivered: { note: 'handed over' },
  releaseFunds: { reason: ReleaseReason.BUYER_CONFIRMED },
  cancelEscrow: { reason: CancelReason.MANUAL },
  raiseDispute: { reason: DisputeReason.NOT_DELIVERED, detail: 'not received' },
  resolveDispute: { outcome: DisputeOutcome.RELEASE, note: 'seller delivered' },
  refundEscrow: { reason: RefundReason.CANCELLED_AFTER_FUNDING, note: 'refund' },
};

export const REFUND_OUTCOME = { outcome: DisputeOutcome.REFUND, note: 'buyer wins' };

/** An escrow command as the gateway would put it on escrow.commands.v1. */
export function commandMessage(
  trade: SimTrade,
  kind: CommandKind,
  actor: { readonly id: string; readonly admin: boolean },
  id: string,
  at: Date,
  extra: Record<string, unknown> = {},
): OutgoingMessage {
  const envelope = create(EscrowCommandEnvelopeSchema, {
    command: {
      case: kind,
      value: {
        meta: metaFor(id, trade, at),
        escrowId: trade.escrowId,
        actorId: actor.id,
        actorRole: actor.admin ? ActorRole.ADMIN : ActorRole.USER,
        ...FIELDS[kind],
        ...extra,
      },
    } as EscrowCommandEnvelope['command'],
  });
  return outgoing(toOutboxMessage(TOPICS.escrowCommands, envelope));
}

function outgoing(message: ReturnType<typeof toOutboxMessage>): OutgoingMessage {
  return {
    topic: message.topic,
    key: message.key,
    value: message.payload,
    headers: message.headers,
  };
}
