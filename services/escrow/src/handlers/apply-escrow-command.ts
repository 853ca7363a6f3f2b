import type { OutboxMessage } from '@bloxtr8/bus';
import { toOutboxMessage } from '@bloxtr8/bus';
import type { EventMeta } from '@bloxtr8/contracts';
import {
  EscrowCommandRejectedSchema,
  EscrowEventEnvelopeSchema,
  metaCausedBy,
  TOPICS,
} from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import type { Clock } from '@bloxtr8/platform';
import { newId } from '@bloxtr8/platform';
import { create, toBinary, toJsonString } from '@bufbuild/protobuf';
import type { EscrowCommand } from '../domain/commands.ts';
import { decide } from '../domain/decide.ts';
import type { Escrow, EscrowEvent } from '../domain/escrow.ts';
import { evolve } from '../domain/evolve.ts';
import { paymentInstructionsFor } from '../domain/payment-instructions.ts';
import type { EscrowPolicy } from '../domain/policy.ts';
import type { Rejection } from '../domain/rejections.ts';
import { toEscrowEventEnvelope, toPaymentCommandEnvelope } from '../mapping/to-proto.ts';
import { recordEscrowFacts } from '../store/escrow-records.ts';
import { loadEscrowForUpdate, loadEscrowsForUpdate } from '../store/escrow-store.ts';
import type { HistoryRow } from '../store/escrow-transition.ts';
import { writeRejection, writeTransition } from '../store/escrow-transition.ts';

/** The schema whose outbox the escrow service publishes through. */
export const ESCROW_SCHEMA = 'escrow';

export interface EscrowDeps {
  readonly clock: Clock;
  readonly policy: EscrowPolicy;
}

export type ApplyOutcome =
  | { readonly outcome: 'APPLIED'; readonly escrow: Escrow | null; readonly eventCount: number }
  | { readonly outcome: 'REJECTED'; readonly rejection: Rejection };

interface Encoded {
  readonly history: HistoryRow[];
  readonly outbox: OutboxMessage[];
}

/** The events as history rows and, with the payment instructions they imply, as outbox rows. */
function encodeTransition(
  before: Escrow | null,
  events: readonly EscrowEvent[],
  cause: EventMeta,
): Encoded & { after: Escrow | null } {
  const history: HistoryRow[] = [];
  const outbox: OutboxMessage[] = [];
  let state = before;
  for (const event of events) {
    state = evolve(state, event);
    const meta = metaCausedBy(cause, newId(), event.at);
    const envelope = toEscrowEventEnvelope(event, state, meta);
    history.push({
      version: state.version,
      eventId: meta.eventId,
      eventType: event.type,
      payload: toBinary(EscrowEventEnvelopeSchema, envelope),
      payloadJson: toJsonString(EscrowEventEnvelopeSchema, envelope),
      causationId: meta.causationId === '' ? null : meta.causationId,
      correlationId: meta.correlationId,
      occurredAt: event.at,
    });
    outbox.push(toOutboxMessage(TOPICS.escrowEvents, envelope));
    for (const instruction of paymentInstructionsFor(event, state)) {
      const commandMeta = metaCausedBy(meta, newId(), event.at);
      outbox.push(
        toOutboxMessage(TOPICS.paymentCommands, toPaymentCommandEnvelope(instruction, commandMeta)),
      );
    }
  }
  return { history, outbox, after: state };
}

/**
 * Applies one command to one escrow inside the caller's transaction: lock the escrow, decide,
 * then write its new state, its history, the events and the payment instructions they imply, and
 * the command's outcome, all or nothing. A refusal changes nothing but is recorded with its reason
 * and announced, so the caller can see why. `cause` is the meta of the message that carried the
 * command.
 */
export async function applyEscrowCommand(
  tx: Queryable,
  escrowId: string,
  command: EscrowCommand,
  cause: EventMeta,
  deps: EscrowDeps,
): Promise<ApplyOutcome> {
  return applyToLockedEscrow(
    tx,
    await loadEscrowForUpdate(tx, escrowId),
    { escrowId, command, cause },
    deps,
  );
}

/** One command for one escrow, with the message that carried it. */
export interface AddressedCommandFrom {
  readonly escrowId: string;
  readonly command: EscrowCommand;
  readonly cause: EventMeta;
}

/**
 * Applies a batch of commands in one transaction: every escrow they address is locked at once,
 * then each command is decided against the state the previous ones left.
 */
export async function applyEscrowCommands(
  tx: Queryable,
  commands: readonly AddressedCommandFrom[],
  deps: EscrowDeps,
): Promise<ApplyOutcome[]> {
  const states = await loadEscrowsForUpdate(
    tx,
    commands.map((item) => item.escrowId),
  );
  const outcomes: ApplyOutcome[] = [];
  for (const item of commands) {
    const outcome = await applyToLockedEscrow(tx, states.get(item.escrowId) ?? null, item, deps);
    if (outcome.outcome === 'APPLIED' && outcome.escrow !== null)
      states.set(item.escrowId, outcome.escrow);
    outcomes.push(outcome);
  }
  return outcomes;
}

/** Decides and writes one command against an escrow this transaction already holds the lock of. */
async function applyToLockedEscrow(
  tx: Queryable,
  before: Escrow | null,
  { escrowId, command, cause }: AddressedCommandFrom,
  deps: EscrowDeps,
): Promise<ApplyOutcome> {
  const now = deps.clock.now();
  const decision = decide(before, command, { now, policy: deps.policy });
  if (!decision.ok) {
    await writeRejection(tx, {
      escrowId,
      commandEventId: cause.eventId,
      commandType: command.type,
      rejection: decision.error,
      outbox: rejectionMessage(escrowId, command, cause, decision.error, now),
    });
    return { outcome: 'REJECTED', rejection: decision.error };
  }
  const { history, outbox, after } = encodeTransition(before, decision.value, cause);
  if (after === null || history.length === 0) {
    // Nothing changed (a repeated fact): there is no escrow row to write, only the outcome.
    await tx.query(
      `insert into escrow.command_outcomes (command_event_id, escrow_id, command_type, outcome)
       values ($1, $2, $3, 'APPLIED') on conflict (command_event_id) do nothing`,
      [cause.eventId, escrowId, command.type],
    );
    return { outcome: 'APPLIED', escrow: after, eventCount: 0 };
  }
  const written = await writeTransition(tx, {
    escrow: after,
    previousVersion: before?.version ?? 0,
    history,
    outbox,
    commandEventId: cause.eventId,
    commandType: command.type,
  });
  if (!written) throw new Error(`escrow ${escrowId} changed under its lock`);
  let previous = before;
  for (const event of decision.value) {
    const next = evolve(previous, event);
    await recordEscrowFacts(tx, previous ?? next, event);
    previous = next;
  }
  return { outcome: 'APPLIED', escrow: after, eventCount: history.length };
}

function rejectionMessage(
  escrowId: string,
  command: EscrowCommand,
  cause: EventMeta,
  rejection: Rejection,
  now: Date,
): OutboxMessage {
  const envelope = create(EscrowEventEnvelopeSchema, {
    event: {
      case: 'escrowCommandRejected',
      value: create(EscrowCommandRejectedSchema, {
        meta: metaCausedBy(cause, newId(), now),
        escrowId,
        commandEventId: cause.eventId,
        commandType: command.type,
        reasonCode: rejection.code,
        detail: rejection.detail,
      }),
    },
  });
  return toOutboxMessage(TOPICS.escrowEvents, envelope);
}
