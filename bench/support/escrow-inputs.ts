import type { OutgoingMessage } from '@bloxtr8/bus';
import { headersFor } from '@bloxtr8/bus';
import type { TopicDefinition } from '@bloxtr8/contracts';
import {
  ActorRole,
  Currency,
  createMeta,
  EscrowCommandEnvelopeSchema,
  encodeEnvelope,
  KycTier,
  Network,
  PaymentEventEnvelopeSchema,
  Rail,
  ReleaseReason,
  TOPICS,
} from '@bloxtr8/contracts';
import { newId, newTraceId } from '@bloxtr8/platform';
import { create } from '@bufbuild/protobuf';

/** One benchmark escrow's people and money. */
export interface BenchEscrow {
  readonly escrowId: string;
  readonly buyerId: string;
  readonly sellerId: string;
  readonly amountMinor: bigint;
  readonly feeMinor: bigint;
}

export function newBenchEscrow(feeBps: bigint): BenchEscrow {
  const amountMinor = 250_000n;
  return {
    escrowId: newId(),
    buyerId: newId(),
    sellerId: newId(),
    amountMinor,
    feeMinor: (amountMinor * feeBps) / 10_000n,
  };
}

export interface Input {
  readonly eventId: string;
  readonly message: OutgoingMessage;
}

function encode<Topic extends TopicDefinition>(
  topic: Topic,
  envelope: Parameters<typeof encodeEnvelope<Topic>>[1],
): Input {
  const { key, value, meta, kind } = encodeEnvelope(topic, envelope);
  return {
    eventId: meta.eventId,
    message: { topic: topic.name, key, value, headers: headersFor(meta, kind) },
  };
}

const metaFor = (escrow: BenchEscrow) =>
  createMeta({
    eventId: newId(),
    occurredAt: new Date(),
    traceId: newTraceId(),
    correlationId: escrow.escrowId,
  });

/**
 * The five inputs that take an escrow from nothing to RELEASED when the payments service is not
 * in the loop: its commands, and the payment facts the payments service would report.
 */
export function escrowInputs(escrow: BenchEscrow): Array<() => Input> {
  const actor = (id: string) => ({ actorId: id, actorRole: ActorRole.USER });
  const command = (value: Parameters<typeof create<typeof EscrowCommandEnvelopeSchema>>[1]) =>
    encode(TOPICS.escrowCommands, create(EscrowCommandEnvelopeSchema, value));
  const fact = (value: Parameters<typeof create<typeof PaymentEventEnvelopeSchema>>[1]) =>
    encode(TOPICS.paymentEvents, create(PaymentEventEnvelopeSchema, value));
  const { escrowId } = escrow;
  return [
    () =>
      command({
        command: {
          case: 'createEscrow',
          value: {
            meta: metaFor(escrow),
            escrowId,
            contractId: newId(),
            offerId: newId(),
            listingId: newId(),
            buyerId: escrow.buyerId,
            sellerId: escrow.sellerId,
            amountMinor: escrow.amountMinor,
            currency: Currency.USD,
            rail: Rail.STRIPE,
            network: Network.UNSPECIFIED,
            buyerTier: KycTier.TIER_1,
            sellerTier: KycTier.TIER_1,
            sellerPayoutRef: 'acct_bench',
          },
        },
      }),
    () =>
      fact({
        event: {
          case: 'paymentSucceeded',
          value: {
            meta: metaFor(escrow),
            escrowId,
            rail: Rail.STRIPE,
            providerPaymentId: `pi_${escrowId}`,
            amountMinor: escrow.amountMinor,
            currency: Currency.USD,
          },
        },
      }),
    () =>
      command({
        command: {
          case: 'markDelivered',
          value: { meta: metaFor(escrow), escrowId, ...actor(escrow.sellerId), note: '' },
        },
      }),
    () =>
      command({
        command: {
          case: 'releaseFunds',
          value: {
            meta: metaFor(escrow),
            escrowId,
            ...actor(escrow.buyerId),
            reason: ReleaseReason.BUYER_CONFIRMED,
          },
        },
      }),
    () =>
      fact({
        event: {
          case: 'transferSucceeded',
          value: {
            meta: metaFor(escrow),
            escrowId,
            rail: Rail.STRIPE,
            providerTransferId: `tr_${escrowId}`,
            amountMinor: escrow.amountMinor - escrow.feeMinor,
            feeMinor: escrow.feeMinor,
            currency: Currency.USD,
          },
        },
      }),
  ];
}
