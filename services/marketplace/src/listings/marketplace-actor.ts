import type { AuditEntry } from '@bloxtr8/audit';
import { recordAudit } from '@bloxtr8/audit';
import type { Queryable } from '@bloxtr8/db';
import type { RequestContext } from '@bloxtr8/identity';

/** Who acts on a listing or an offer, as the gateway authenticated them. */
export interface MarketplaceActor {
  readonly userId: string;
  /** Moderators and admins: they may read and deactivate what is not theirs. */
  readonly staff: boolean;
  readonly context: RequestContext;
}

/** The part of an audit entry that says what happened; the actor fills in the rest. */
export type MarketplaceAuditEvent = Pick<
  AuditEntry,
  'action' | 'subjectType' | 'subjectId' | 'detail'
>;

/** Appends the actor's action to the audit log in the caller's transaction. */
export async function auditActor(
  tx: Queryable,
  actor: MarketplaceActor,
  event: MarketplaceAuditEvent,
  actorType: 'USER' | 'ADMIN' = 'USER',
): Promise<void> {
  await recordAudit(tx, {
    ...event,
    actorType,
    actorId: actor.userId,
    ip: actor.context.ip,
    userAgent: actor.context.userAgent,
    requestId: actor.context.requestId,
    traceId: null,
  });
}
