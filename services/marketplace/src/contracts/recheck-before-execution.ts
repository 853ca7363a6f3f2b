import type { Database } from '@bloxtr8/db';
import type { RequestContext } from '@bloxtr8/identity';
import type { Clock, Result } from '@bloxtr8/platform';
import { ok } from '@bloxtr8/platform';
import { findListing } from '../listings/listing.ts';
import type { RecheckFailure } from '../verification/recheck-seller-control.ts';
import { recheckSellerControl } from '../verification/recheck-seller-control.ts';
import type { RobloxReader } from '../verification/verify-game-ownership.ts';
import type { Contract } from './contract-store.ts';
import { findContract, listSignatures, lockContract } from './contract-store.ts';
import { voidContract } from './void-contract.ts';

/** Who is about to sign which contract, from which request. */
export interface Signing {
  readonly contractId: string;
  readonly userId: string;
  readonly context: RequestContext;
}

/**
 * ADR 0015: before the signature that would execute a contract (the other party signed, this one
 * has not), the seller's control of the game is re-checked with Roblox, outside any transaction.
 * Lost: the contract is voided (ContractVoided, OWNERSHIP_LOST) together with the listing's
 * withdrawal, and the signature is to be refused. Resolves with whether it checked: any other
 * signature needs no check, and the signing transaction refuses or records it as before.
 */
export async function recheckBeforeExecution(
  db: Database,
  roblox: RobloxReader,
  clock: Clock,
  signing: Signing,
): Promise<Result<boolean, RecheckFailure>> {
  const contract = await findContract(db, signing.contractId);
  if (contract?.status !== 'PENDING_SIGNATURE') return ok(false);
  if (!(await wouldExecute(db, contract, signing.userId))) return ok(false);
  const listing = await findListing(db, contract.listingId);
  if (listing === undefined) throw new Error(`the listing of contract ${contract.id} is gone`);
  const rechecked = await recheckSellerControl(db, roblox, clock, {
    listing,
    moment: 'CONTRACT_EXECUTION',
    context: signing.context,
    onLost: async (tx, at) => {
      const locked = await lockContract(tx, contract.id);
      if (locked?.status === 'PENDING_SIGNATURE') {
        await voidContract(tx, locked, at, 'OWNERSHIP_LOST');
      }
    },
  });
  return rechecked.ok ? ok(true) : rechecked;
}

/** Whether the user's signature would be the second, executing the contract. */
async function wouldExecute(db: Database, contract: Contract, userId: string): Promise<boolean> {
  const other =
    userId === contract.buyerId
      ? contract.sellerId
      : userId === contract.sellerId
        ? contract.buyerId
        : undefined;
  if (other === undefined) return false;
  const signers = new Set((await listSignatures(db, contract.id)).map((signed) => signed.userId));
  return signers.has(other) && !signers.has(userId);
}
