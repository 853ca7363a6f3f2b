import type { Queryable } from '@bloxtr8/db';
import { auditContract, PLATFORM_ACTOR } from './contract-audit.ts';
import type { ContractVoidReason } from './contract-events.ts';
import { appendContractVoided } from './contract-events.ts';
import type { Contract } from './contract-store.ts';

/**
 * Voids a contract still waiting for signatures, whose row the caller has locked: status VOID,
 * ContractVoided on the outbox and the audit record, in the caller's transaction.
 */
export async function voidContract(
  tx: Queryable,
  contract: Pick<Contract, 'id' | 'offerId'>,
  at: Date,
  reason: ContractVoidReason,
): Promise<void> {
  const { rowCount } = await tx.query(
    `update marketplace.contracts set status = 'VOID', voided_at = $2
     where id = $1 and status = 'PENDING_SIGNATURE'`,
    [contract.id, at],
  );
  if (rowCount !== 1) throw new Error(`contract ${contract.id} was not pending when voided`);
  await appendContractVoided(tx, contract, at, reason);
  await auditContract(tx, 'contract.void', contract.id, PLATFORM_ACTOR, {
    reason,
    offerId: contract.offerId,
  });
}
