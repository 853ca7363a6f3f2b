import type { EnvelopeHandler } from '@bloxtr8/bus';
import { appendToOutbox } from '@bloxtr8/bus';
import {
  CreateEscrowSchema,
  createMeta,
  EscrowCommandEnvelopeSchema,
  TOPICS,
} from '@bloxtr8/contracts';
import { create } from '@bufbuild/protobuf';
import { v5 as uuidv5 } from 'uuid';
import { ESCROW_SCHEMA } from './apply-escrow-command.ts';

/** Namespace for the id of the CreateEscrow a ContractExecuted event turns into. */
const CREATE_ESCROW_NAMESPACE = '0c6a3d57-9a0b-4f4e-8d76-2f7c1c5f3a10';

/**
 * contracts.events.v1: an executed contract becomes a CreateEscrow command on escrow.commands.v1
 * (SPEC §3.6). The command's id derives from the event's, so a redelivered event gives the same
 * command, which the escrow then ignores.
 */
export function onContractEvent(): EnvelopeHandler<typeof TOPICS.contractEvents> {
  return async (message, { tx }) => {
    const { event } = message.envelope;
    if (event.case !== 'contractExecuted') return;
    const executed = event.value;
    const meta = createMeta({
      eventId: uuidv5(`create-escrow|${message.meta.eventId}`, CREATE_ESCROW_NAMESPACE),
      occurredAt: new Date(message.meta.occurredAt),
      traceId: message.meta.traceId,
      correlationId: message.meta.correlationId,
      causationId: message.meta.eventId,
    });
    const command = create(CreateEscrowSchema, {
      meta,
      escrowId: executed.escrowId,
      contractId: executed.contractId,
      offerId: executed.offerId,
      listingId: executed.listingId,
      buyerId: executed.buyerId,
      sellerId: executed.sellerId,
      amountMinor: executed.amountMinor,
      currency: executed.currency,
      rail: executed.rail,
      network: executed.network,
      buyerTier: executed.buyerTier,
      sellerTier: executed.sellerTier,
      sellerPayoutRef: executed.sellerPayoutRef,
    });
    await appendToOutbox(
      tx,
      ESCROW_SCHEMA,
      TOPICS.escrowCommands,
      create(EscrowCommandEnvelopeSchema, { command: { case: 'createEscrow', value: command } }),
    );
  };
}
