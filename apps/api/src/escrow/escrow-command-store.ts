import { recordAudit } from '@bloxtr8/audit';
import { appendToOutbox } from '@bloxtr8/bus';
import type { EscrowCommandEnvelope } from '@bloxtr8/contracts';
import { TOPICS } from '@bloxtr8/contracts';
import type { Database, Queryable } from '@bloxtr8/db';
import { isUuid } from '@bloxtr8/platform';

/** Who asked, from where: what the audit log keeps of the request. */
export interface RequestOrigin {
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string;
}

export interface CommandSubmission {
  readonly commandId: string;
  readonly escrowId: string;
  /** The gateway's name for it, e.g. `release`. */
  readonly action: string;
  readonly actorId: string;
  readonly actorIsStaff: boolean;
  /** How the request came: a browser session, or the Discord bot acting for the actor. */
  readonly via: 'session' | 'bot';
  readonly idempotencyKey: string | null;
  /** SHA-256 of what the request asked (see request-fingerprint.ts). */
  readonly requestHash: string;
  readonly envelope: EscrowCommandEnvelope;
  readonly traceId: string;
  readonly acceptedAt: Date;
  readonly origin: RequestOrigin;
}

/** A command the gateway accepted, as its caller may follow it. */
export interface AcceptedCommand {
  readonly commandId: string;
  readonly escrowId: string;
  readonly action: string;
  readonly actorId: string;
  readonly acceptedAt: Date;
}

export type Submission =
  | { readonly kind: 'accepted'; readonly command: AcceptedCommand; readonly replayed: boolean }
  /** The Idempotency-Key was used before for another request. */
  | { readonly kind: 'key-conflict'; readonly command: AcceptedCommand };

interface CommandRow {
  readonly id: string;
  readonly escrow_id: string;
  readonly action: string;
  readonly actor_id: string;
  readonly request_hash: string;
  readonly accepted_at: Date;
}

function acceptedOf(row: CommandRow): AcceptedCommand {
  return {
    commandId: row.id,
    escrowId: row.escrow_id,
    action: row.action,
    actorId: row.actor_id,
    acceptedAt: row.accepted_at,
  };
}

const COLUMNS = 'id, escrow_id, action, actor_id, request_hash, accepted_at';

/**
 * Records the command, queues it on the gateway's outbox and writes the audit entry in one
 * transaction: the command is sent if and only if it was recorded. The same caller's same
 * Idempotency-Key gives back the first command when the request is the same and a conflict when
 * it is not; two racing requests with one key are serialised by its unique index.
 */
export async function submitEscrowCommand(
  db: Database,
  submission: CommandSubmission,
): Promise<Submission> {
  return db.transaction(async (tx) => {
    const inserted = await tx.query<CommandRow>(
      `insert into gateway.commands (id, escrow_id, action, actor_id, idempotency_key, request_hash,
         accepted_at, via)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (actor_id, idempotency_key) do nothing
       returning ${COLUMNS}`,
      [
        submission.commandId,
        submission.escrowId,
        submission.action,
        submission.actorId,
        submission.idempotencyKey,
        submission.requestHash,
        submission.acceptedAt,
        submission.via,
      ],
    );
    const row = inserted.rows[0];
    if (row === undefined) return earlierUseOfKey(tx, submission);
    await appendToOutbox(tx, 'gateway', TOPICS.escrowCommands, submission.envelope);
    await recordAudit(tx, {
      actorType: submission.actorIsStaff ? 'ADMIN' : 'USER',
      actorId: submission.actorId,
      action: `escrow.${submission.action}`,
      subjectType: 'escrow',
      subjectId: submission.escrowId,
      ip: submission.origin.ip,
      userAgent: submission.origin.userAgent,
      requestId: submission.origin.requestId,
      traceId: submission.traceId,
      detail: {
        commandId: submission.commandId,
        idempotencyKey: submission.idempotencyKey,
        via: submission.via,
      },
    });
    return { kind: 'accepted', command: acceptedOf(row), replayed: false };
  });
}

async function earlierUseOfKey(tx: Queryable, submission: CommandSubmission): Promise<Submission> {
  const { rows } = await tx.query<CommandRow>(
    `select ${COLUMNS} from gateway.commands where actor_id = $1 and idempotency_key = $2`,
    [submission.actorId, submission.idempotencyKey],
  );
  const earlier = rows[0];
  if (earlier === undefined) throw new Error('idempotency key conflicted but its command is gone');
  return earlier.request_hash === submission.requestHash
    ? { kind: 'accepted', command: acceptedOf(earlier), replayed: true }
    : { kind: 'key-conflict', command: acceptedOf(earlier) };
}

/** A command this gateway accepted, or undefined for an id it never gave out. */
export async function findAcceptedCommand(
  db: Queryable,
  commandId: string,
): Promise<AcceptedCommand | undefined> {
  if (!isUuid(commandId)) return undefined;
  const { rows } = await db.query<CommandRow>(
    `select ${COLUMNS} from gateway.commands where id = $1`,
    [commandId],
  );
  const row = rows[0];
  return row === undefined ? undefined : acceptedOf(row);
}
