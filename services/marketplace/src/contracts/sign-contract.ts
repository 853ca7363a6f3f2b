import type { Database, Queryable } from '@bloxtr8/db';
import type { RequestContext } from '@bloxtr8/identity';
import { findUserById } from '@bloxtr8/identity';
import type { Clock, Result } from '@bloxtr8/platform';
import { err, newId, ok } from '@bloxtr8/platform';
import { appendContractSigned } from '../events/marketplace-events.ts';
import type { RecheckFailure } from '../verification/recheck-seller-control.ts';
import type { RobloxReader } from '../verification/verify-game-ownership.ts';
import { auditContract } from './contract-audit.ts';
import type { Contract, ContractSignature, SignMethod } from './contract-store.ts';
import { insertSignature, listSignatures, lockContract } from './contract-store.ts';
import { executeContract } from './execute-contract.ts';
import type { Signing } from './recheck-before-execution.ts';
import { recheckBeforeExecution } from './recheck-before-execution.ts';

/**
 * CONTRACT_NOT_FOUND: no such contract. NOT_A_PARTY: the signer is neither buyer nor seller.
 * TIER_TOO_LOW: the signer is below TIER_1 (trading needs a linked Roblox account).
 * CONTRACT_NOT_PENDING: executed or void already. CONTRACT_EXPIRED: past its 72 h, not yet swept.
 * PDF_HASH_MISMATCH: the signer saw another document than the one stored.
 */
export type SignContractFailure =
  | 'CONTRACT_NOT_FOUND'
  | 'NOT_A_PARTY'
  | 'TIER_TOO_LOW'
  | 'CONTRACT_NOT_PENDING'
  | 'CONTRACT_EXPIRED'
  | 'PDF_HASH_MISMATCH';

export interface SignContractOptions {
  readonly contractId: string;
  readonly userId: string;
  readonly method: SignMethod;
  readonly context: RequestContext;
  /** The SHA-256 of the PDF the signer was shown, when the client says which; checked. */
  readonly pdfSha256?: string | undefined;
}

export interface SignedContract {
  readonly contract: Contract;
  readonly signature: ContractSignature;
  /** True when this user had signed before: nothing was written, the first signature answers. */
  readonly replayed: boolean;
  /** True when this signature was the second and executed the contract. */
  readonly executed: boolean;
}

/**
 * Signs in a transaction of its own (see `signContractIn`), after re-checking with Roblox that the
 * seller still controls the game when this signature would execute the contract (ADR 0015).
 */
export async function signContract(
  db: Database,
  clock: Clock,
  roblox: RobloxReader,
  options: SignContractOptions,
): Promise<Result<SignedContract, SignContractFailure | RecheckFailure>> {
  return signAfterRecheck(db, roblox, clock, options, (sellerControlChecked) =>
    db.transaction((tx) => signContractIn(tx, clock, { ...options, sellerControlChecked })),
  );
}

/**
 * Attempts at a signature: a second one only when the other party signed between the re-check
 * and the signing transaction, so that this signature now executes the contract unchecked.
 */
const SIGN_ATTEMPTS_MAX = 2;

/**
 * Runs `sign` after the re-check it needs (see recheckBeforeExecution; none when `signing` is not
 * known). The other party may sign in between: then `sign` answers SELLER_CONTROL_UNCHECKED
 * without writing, the re-check runs again (it now sees their signature) and so does `sign`.
 */
export async function signAfterRecheck<Failure>(
  db: Database,
  roblox: RobloxReader,
  clock: Clock,
  signing: Signing | undefined,
  sign: (
    sellerControlChecked: boolean,
  ) => Promise<Result<SignedContract, Failure | 'SELLER_CONTROL_UNCHECKED'>>,
): Promise<Result<SignedContract, Failure | RecheckFailure>> {
  for (let attempt = 1; attempt <= SIGN_ATTEMPTS_MAX; attempt += 1) {
    const rechecked =
      signing === undefined ? ok(false) : await recheckBeforeExecution(db, roblox, clock, signing);
    if (!rechecked.ok) return rechecked;
    const signed = await sign(rechecked.value);
    if (signed.ok || signed.error !== 'SELLER_CONTROL_UNCHECKED') {
      return signed as Result<SignedContract, Failure>;
    }
  }
  throw new Error(`contract ${signing?.contractId} stayed unchecked across re-checks`);
}

/**
 * Adds the user's signature under the contract's row lock, audited; the second signature executes
 * the contract in the same transaction. Signing twice answers the first signature. A refusal
 * writes nothing (the caller should roll back whatever else it did, e.g. consuming a sign link).
 * SELLER_CONTROL_UNCHECKED: this signature would execute the contract, but the seller's control
 * was not re-checked for it (the other party signed since): re-check and sign again.
 */
export async function signContractIn(
  tx: Queryable,
  clock: Clock,
  options: SignContractOptions & { readonly sellerControlChecked: boolean },
): Promise<Result<SignedContract, SignContractFailure | 'SELLER_CONTROL_UNCHECKED'>> {
  const { userId } = options;
  const contract = await lockContract(tx, options.contractId);
  if (contract === undefined) return err('CONTRACT_NOT_FOUND');
  if (userId !== contract.buyerId && userId !== contract.sellerId) return err('NOT_A_PARTY');
  const signatures = await listSignatures(tx, contract.id);
  const earlier = signatures.find((signature) => signature.userId === userId);
  if (earlier !== undefined) {
    return ok({ contract, signature: earlier, replayed: true, executed: false });
  }
  const refusal = await refusalToSign(tx, clock, contract, options);
  if (refusal !== undefined) return err(refusal);
  // Under the lock, the other party's signature is either committed (and listed) or not begun;
  // the only signature there can be besides this user's is theirs.
  const completes = signatures.length > 0;
  if (completes && !options.sellerControlChecked) return err('SELLER_CONTROL_UNCHECKED');
  const now = clock.now();
  const signature: ContractSignature = {
    id: newId(),
    contractId: contract.id,
    userId,
    method: options.method,
    signedAt: now,
    pdfSha256: contract.pdfSha256,
  };
  await insertSignature(tx, { ...signature, ...options.context });
  await auditContract(tx, 'contract.sign', contract.id, options, {
    signatureId: signature.id,
    method: options.method,
    pdfSha256: contract.pdfSha256,
  });
  await appendContractSigned(tx, contract, userId, completes, now);
  if (!completes) return ok({ contract, signature, replayed: false, executed: false });
  const executed = await executeContract(tx, contract, now, options);
  return ok({ contract: executed, signature, replayed: false, executed: true });
}

async function refusalToSign(
  tx: Queryable,
  clock: Clock,
  contract: Contract,
  options: SignContractOptions,
): Promise<SignContractFailure | undefined> {
  if (contract.status !== 'PENDING_SIGNATURE') return 'CONTRACT_NOT_PENDING';
  if (contract.expiresAt.getTime() <= clock.now().getTime()) return 'CONTRACT_EXPIRED';
  if (options.pdfSha256 !== undefined && options.pdfSha256 !== contract.pdfSha256) {
    return 'PDF_HASH_MISMATCH';
  }
  // The gateway checks the caller's tier too; a sign link carries no session, so check here.
  const signer = await findUserById(tx, options.userId);
  if (signer === undefined || signer.tier === 'TIER_0') return 'TIER_TOO_LOW';
  return undefined;
}
