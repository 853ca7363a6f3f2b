import { recordAudit } from '@bloxtr8/audit';
import type { Queryable } from '@bloxtr8/db';
import type { RequestContext } from '@bloxtr8/identity';

/** Who did something to a contract: a user, from a request, or the platform itself. */
export type ContractActor =
  | { readonly userId: string; readonly context: RequestContext }
  | { readonly system: true };

export const PLATFORM_ACTOR: ContractActor = { system: true };

/** Appends `contract.<verb>` to the audit log in the caller's transaction. */
export async function auditContract(
  tx: Queryable,
  action: `contract.${string}`,
  contractId: string,
  actor: ContractActor,
  detail: Readonly<Record<string, string | number | boolean | null>>,
): Promise<void> {
  const context = 'userId' in actor ? actor.context : undefined;
  await recordAudit(tx, {
    actorType: 'userId' in actor ? 'USER' : 'SYSTEM',
    actorId: 'userId' in actor ? actor.userId : null,
    action,
    subjectType: 'contract',
    subjectId: contractId,
    ip: context?.ip ?? null,
    userAgent: context?.userAgent ?? null,
    requestId: context?.requestId ?? null,
    traceId: null,
    detail,
  });
}
