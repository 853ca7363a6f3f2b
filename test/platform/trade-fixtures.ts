import type { EscrowCommandEnvelope } from '@bloxtr8/contracts';
import {
  ActorRole,
  ContractEventEnvelopeSchema,
  ContractExecutedSchema,
  Currency,
  createMeta,
  EscrowCommandEnvelopeSchema,
  KycTier,
  Network,
  Rail,
} from '@bloxtr8/contracts';
import { newId, newTraceId } from '@bloxtr8/platform';
import { create } from '@bufbuild/protobuf';

/** The people and money of one test trade. */
export interface Trade {
  readonly contractId: string;
  readonly escrowId: string;
  readonly buyerId: string;
  readonly sellerId: string;
  readonly moderatorId: string;
  /** In the rail's minor units: cents on Stripe, USDC base units on USDC_BASE. */
  readonly amountMinor: bigint;
  readonly correlationId: string;
  /** STRIPE unless told otherwise. */
  readonly rail?: 'STRIPE' | 'USDC_BASE';
}

export function newTrade(overrides: Partial<Trade> = {}): Trade {
  const contractId = newId();
  return {
    contractId,
    escrowId: newId(),
    buyerId: newId(),
    sellerId: newId(),
    moderatorId: newId(),
    amountMinor: 450_000n,
    correlationId: `trade-${contractId}`,
    ...overrides,
  };
}

export function contractExecuted(trade: Trade) {
  return create(ContractEventEnvelopeSchema, {
    event: {
      case: 'contractExecuted',
      value: create(ContractExecutedSchema, {
        meta: createMeta({
          eventId: newId(),
          occurredAt: new Date(),
          traceId: newTraceId(),
          correlationId: trade.correlationId,
        }),
        contractId: trade.contractId,
        escrowId: trade.escrowId,
        offerId: newId(),
        listingId: newId(),
        buyerId: trade.buyerId,
        sellerId: trade.sellerId,
        amountMinor: trade.amountMinor,
        ...(trade.rail === 'USDC_BASE'
          ? { currency: Currency.USDC, rail: Rail.USDC_BASE, network: Network.BASE }
          : { currency: Currency.USD, rail: Rail.STRIPE, network: Network.UNSPECIFIED }),
        buyerTier: KycTier.TIER_1,
        sellerTier: KycTier.TIER_2,
        // Legacy hint only: payments asks identity where the seller is paid when it settles.
        sellerPayoutRef: '',
        pdfSha256: 'a'.repeat(64),
        templateVersion: '1.0.0',
      }),
    },
  });
}

type CommandCase = NonNullable<EscrowCommandEnvelope['command']['case']>;
type Who = 'buyer' | 'seller' | 'moderator';

const ROLE: Record<Who, ActorRole> = {
  buyer: ActorRole.USER,
  seller: ActorRole.USER,
  moderator: ActorRole.ADMIN,
};

/** An escrow command from one of the trade's people; `fields` are the command's own fields. */
export function escrowCommand(
  trade: Trade,
  kind: Exclude<CommandCase, 'createEscrow'>,
  who: Who,
  fields: Record<string, unknown> = {},
  eventId: string = newId(),
): EscrowCommandEnvelope {
  const actorId =
    who === 'buyer' ? trade.buyerId : who === 'seller' ? trade.sellerId : trade.moderatorId;
  const meta = createMeta({
    eventId,
    occurredAt: new Date(),
    traceId: newTraceId(),
    correlationId: trade.correlationId,
  });
  return create(EscrowCommandEnvelopeSchema, {
    command: {
      case: kind,
      value: { meta, escrowId: trade.escrowId, actorId, actorRole: ROLE[who], ...fields },
    } as EscrowCommandEnvelope['command'],
  });
}
