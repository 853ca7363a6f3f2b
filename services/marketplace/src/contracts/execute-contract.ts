import type { Queryable } from '@bloxtr8/db';
import type { RequestContext } from '@bloxtr8/identity';
import { findPayoutDestination, findUserById } from '@bloxtr8/identity';
import { newId } from '@bloxtr8/platform';
import { auditContract } from './contract-audit.ts';
import type { ExecutionParties } from './contract-events.ts';
import { appendContractExecuted } from './contract-events.ts';
import type { Contract } from './contract-store.ts';
import { markExecuted } from './contract-store.ts';

/**
 * Executes a contract whose row the caller has locked and which both parties have signed: status
 * EXECUTED, a fresh escrow id, and ContractExecuted on the marketplace outbox, all in the caller's
 * transaction. The lock makes this happen once: the second signer's transaction waits for the
 * first and then sees both signatures.
 */
export async function executeContract(
  tx: Queryable,
  contract: Contract,
  at: Date,
  cause: { readonly userId: string; readonly context: RequestContext },
): Promise<Contract> {
  const escrowId = newId();
  const parties = await executionParties(tx, contract);
  await markExecuted(tx, contract.id, escrowId, at);
  const executed: Contract & { escrowId: string } = {
    ...contract,
    status: 'EXECUTED',
    escrowId,
    executedAt: at,
  };
  const eventId = await appendContractExecuted(tx, executed, parties, at);
  await auditContract(tx, 'contract.execute', contract.id, cause, {
    escrowId,
    eventId,
    buyerTier: parties.buyerTier,
    sellerTier: parties.sellerTier,
  });
  return executed;
}

/**
 * Both parties' KYC tiers as they are now, and where the seller is paid on the contract's rail:
 * empty while they have not set it up (the escrow can be funded meanwhile; the payout needs it).
 */
async function executionParties(tx: Queryable, contract: Contract): Promise<ExecutionParties> {
  const buyer = await findUserById(tx, contract.buyerId);
  const seller = await findUserById(tx, contract.sellerId);
  if (buyer === undefined || seller === undefined) {
    throw new Error(`a party of contract ${contract.id} no longer exists`);
  }
  return {
    buyerTier: buyer.tier,
    sellerTier: seller.tier,
    sellerPayoutRef: (await findPayoutDestination(tx, contract.sellerId, contract.rail)) ?? '',
  };
}
