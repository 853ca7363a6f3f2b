import { appendToOutbox } from '@bloxtr8/bus';
import type { ContractEventEnvelope } from '@bloxtr8/contracts';
import {
  ContractEventEnvelopeSchema,
  ContractExecutedSchema,
  ContractVoidedSchema,
  CURRENCIES,
  createMeta,
  KYC_TIERS,
  NETWORKS,
  Network,
  RAILS,
  TOPICS,
  VoidReason,
} from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import type { KycTier as KycTierName } from '@bloxtr8/identity';
import { newId, newTraceId } from '@bloxtr8/platform';
import { create } from '@bufbuild/protobuf';
import type { Contract } from './contract-store.ts';

/** The marketplace's schema: its outbox is `marketplace.outbox`. */
export const MARKETPLACE_SCHEMA = 'marketplace';

/** What the escrow needs at execution besides the contract: read from identity at that moment. */
export interface ExecutionParties {
  readonly buyerTier: KycTierName;
  readonly sellerTier: KycTierName;
  /** Where the seller is paid; empty when they have not linked a payout account yet. */
  readonly sellerPayoutRef: string;
}

function metaFor(contract: Pick<Contract, 'id'>, at: Date) {
  // The contract id correlates everything the trade causes downstream (escrow, payments).
  return createMeta({
    eventId: newId(),
    occurredAt: at,
    traceId: newTraceId(),
    correlationId: contract.id,
  });
}

/** Queues ContractExecuted (contracts.events.v1) in the caller's transaction. */
export async function appendContractExecuted(
  tx: Queryable,
  contract: Contract & { readonly escrowId: string },
  parties: ExecutionParties,
  at: Date,
): Promise<string> {
  const meta = metaFor(contract, at);
  const executed = create(ContractExecutedSchema, {
    meta,
    contractId: contract.id,
    escrowId: contract.escrowId,
    offerId: contract.offerId,
    listingId: contract.listingId,
    buyerId: contract.buyerId,
    sellerId: contract.sellerId,
    amountMinor: contract.amountMinor,
    currency: CURRENCIES.toWire(contract.currency),
    rail: RAILS.toWire(contract.rail),
    network: contract.rail === 'USDC_BASE' ? NETWORKS.toWire('BASE') : Network.UNSPECIFIED,
    buyerTier: KYC_TIERS.toWire(parties.buyerTier),
    sellerTier: KYC_TIERS.toWire(parties.sellerTier),
    sellerPayoutRef: parties.sellerPayoutRef,
    pdfSha256: contract.pdfSha256,
    templateVersion: contract.templateVersion,
  });
  await appendContractEvent(tx, { case: 'contractExecuted', value: executed });
  return meta.eventId;
}

/** Why a contract was voided before it executed. */
export type ContractVoidReason = 'SIGNATURE_TIMEOUT' | 'OWNERSHIP_LOST';

const VOID_REASONS: Readonly<Record<ContractVoidReason, VoidReason>> = {
  SIGNATURE_TIMEOUT: VoidReason.SIGNATURE_TIMEOUT,
  OWNERSHIP_LOST: VoidReason.OWNERSHIP_LOST,
};

/** Queues ContractVoided in the caller's transaction. */
export async function appendContractVoided(
  tx: Queryable,
  contract: Pick<Contract, 'id' | 'offerId'>,
  at: Date,
  reason: ContractVoidReason,
): Promise<void> {
  const voided = create(ContractVoidedSchema, {
    meta: metaFor(contract, at),
    contractId: contract.id,
    offerId: contract.offerId,
    reason: VOID_REASONS[reason],
  });
  await appendContractEvent(tx, { case: 'contractVoided', value: voided });
}

function appendContractEvent(tx: Queryable, event: ContractEventEnvelope['event']): Promise<void> {
  return appendToOutbox(
    tx,
    MARKETPLACE_SCHEMA,
    TOPICS.contractEvents,
    create(ContractEventEnvelopeSchema, { event }),
  );
}
