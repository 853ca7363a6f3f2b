import type { UsdcPaymentView } from '@bloxtr8/payments';
import type { EscrowDetails, EscrowView, TimelineValue } from '@bloxtr8/projections';
import { z } from 'zod';
import { jsonSafe } from '../json-safe.ts';
import type { EscrowCapacity } from './escrow-capacity.ts';

/** Money leaves as decimal strings of minor units (cents, USDC base units): never as floats. */
const ZMinor = z
  .string()
  .regex(/^-?\d+$/)
  .nullable();
const ZInstant = z.string().nullable();

const ZTimelineEntry = z.object({
  eventId: z.string(),
  occurredAt: z.string(),
  eventType: z
    .string()
    .describe('e.g. EscrowDelivered, PaymentIntentCreated, EscrowCommandRejected'),
  actorId: z.string().nullable(),
  causationId: z.string().nullable(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

const ZUsdcPayment = z.object({
  depositAddress: z.string(),
  amountDueMinor: z.string(),
  receivedMinor: z.string().describe('What accepted deposits count towards the amount so far'),
  confirmationsRequired: z.number(),
  deposits: z.array(
    z.object({
      depositId: z.string(),
      txHash: z.string(),
      senderAddress: z.string(),
      amountMinor: z.string(),
      status: z.string().describe('SEEN, CONFIRMED, ACCEPTED, IN_REVIEW, FROZEN or REJECTED'),
      confirmations: z.number(),
      creditedMinor: z.string(),
      returnedMinor: z.string(),
    }),
  ),
  transfers: z.array(
    z.object({
      kind: z.string().describe('PAYOUT, FEE, REFUND or RETURN'),
      toAddress: z.string(),
      amountMinor: z.string(),
      status: z.string(),
      txHash: z.string().nullable(),
      confirmations: z.number(),
    }),
  ),
});

export const ZEscrowResponse = z.object({
  escrowId: z.string(),
  contractId: z.string().nullable(),
  offerId: z.string().nullable(),
  listingId: z.string().nullable(),
  buyerId: z.string().nullable(),
  sellerId: z.string().nullable(),
  yourCapacity: z.enum(['BUYER', 'SELLER', 'STAFF']),
  state: z.string().nullable(),
  amountMinor: ZMinor,
  currency: z.string().nullable(),
  rail: z.string().nullable(),
  network: z.string().nullable(),
  payment: z.object({
    providerPaymentId: z.string().nullable(),
    clientSecret: z
      .string()
      .nullable()
      .describe("Stripe's client secret while funds are awaited; only the buyer sees it"),
    depositAddress: z.string().nullable().describe('USDC on Base: where the buyer sends the funds'),
    fundingDeadlineAt: ZInstant,
    usdc: ZUsdcPayment.nullable().describe('USDC on Base: amounts, confirmations, every tx hash'),
  }),
  fundedAt: ZInstant,
  deliveredAt: ZInstant,
  autoReleaseAt: ZInstant,
  settlement: z.object({ kind: z.string(), attempt: z.number().nullable() }).nullable(),
  dispute: z
    .object({
      raisedBy: z.string().nullable(),
      reason: z.string().nullable(),
      detail: z.string(),
      disputedAt: z.string(),
      disputedFrom: z.string().nullable(),
      staleAt: ZInstant,
      resolution: z
        .object({ outcome: z.string(), resolvedBy: z.string().nullable(), resolvedAt: z.string() })
        .nullable(),
    })
    .nullable(),
  feeMinor: ZMinor,
  payoutMinor: ZMinor,
  refundedMinor: ZMinor,
  providerTransferId: z.string().nullable(),
  providerRefundId: z.string().nullable(),
  closedReason: z.string().nullable(),
  closedAt: ZInstant,
  lastFailure: z
    .object({
      kind: z.string().nullable(),
      code: z.string(),
      message: z.string(),
      failedAt: z.string(),
    })
    .nullable(),
  createdAt: ZInstant,
  updatedAt: ZInstant,
  timeline: z.array(ZTimelineEntry),
});

export type EscrowResponse = z.infer<typeof ZEscrowResponse>;

const iso = (at: Date | null) => at?.toISOString() ?? null;
const minor = (amount: bigint | null) => (amount === null ? null : amount.toString());

function jsonValue(value: TimelineValue): string | number | boolean | null {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return value;
}

/**
 * The escrow as `capacity` may see it, with `clientSecret`: the payments service's answer for the
 * buyer while funds are awaited (see `clientSecretFor`), null for everyone else.
 */
export function escrowResponseOf(
  details: EscrowDetails,
  capacity: EscrowCapacity,
  clientSecret: string | null,
  usdc: UsdcPaymentView | undefined = undefined,
): EscrowResponse {
  const view: EscrowView = details.view;
  return {
    escrowId: view.escrowId,
    contractId: view.contractId,
    offerId: view.offerId,
    listingId: view.listingId,
    buyerId: view.buyerId,
    sellerId: view.sellerId,
    yourCapacity: capacity,
    state: view.state,
    amountMinor: minor(view.amountMinor),
    currency: view.currency,
    rail: view.rail,
    network: view.network,
    payment: {
      providerPaymentId: view.providerPaymentId,
      clientSecret: capacity === 'BUYER' ? clientSecret : null,
      depositAddress: view.depositAddress,
      fundingDeadlineAt: iso(view.fundingDeadlineAt),
      usdc: usdc === undefined ? null : jsonSafe(usdc),
    },
    fundedAt: iso(view.fundedAt),
    deliveredAt: iso(view.deliveredAt),
    autoReleaseAt: iso(view.autoReleaseAt),
    settlement:
      view.settlementKind === null
        ? null
        : { kind: view.settlementKind, attempt: view.settlementAttempt },
    dispute:
      view.dispute === null
        ? null
        : {
            ...view.dispute,
            disputedAt: view.dispute.disputedAt.toISOString(),
            staleAt: iso(view.dispute.staleAt),
            resolution:
              view.dispute.resolution === null
                ? null
                : {
                    ...view.dispute.resolution,
                    resolvedAt: view.dispute.resolution.resolvedAt.toISOString(),
                  },
          },
    feeMinor: minor(view.feeMinor),
    payoutMinor: minor(view.payoutMinor),
    refundedMinor: minor(view.refundedMinor),
    providerTransferId: view.providerTransferId,
    providerRefundId: view.providerRefundId,
    closedReason: view.closedReason,
    closedAt: iso(view.closedAt),
    lastFailure:
      view.lastFailure === null
        ? null
        : { ...view.lastFailure, failedAt: view.lastFailure.failedAt.toISOString() },
    createdAt: iso(view.createdAt),
    updatedAt: iso(view.updatedAt),
    timeline: details.timeline.map((entry) => ({
      eventId: entry.eventId,
      occurredAt: entry.occurredAt.toISOString(),
      eventType: entry.eventType,
      actorId: entry.actorId,
      causationId: entry.causationId,
      detail: Object.fromEntries(
        Object.entries(entry.detail).map(([key, value]) => [key, jsonValue(value)]),
      ),
    })),
  };
}
