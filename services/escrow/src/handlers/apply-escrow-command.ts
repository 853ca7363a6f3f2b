import { appendToOutbox } from '@bloxtr8/bus';
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
import { create } from '@bufbuild/protobuf';
import type { EscrowCommand } from '../domain/commands.ts';
import { decide } from '../domain/decide.ts';
import type { Escrow } from '../domain/escrow.ts';
import { evolve } from '../domain/evolve.ts';
import { paymentInstructionsFor } from '../domain/payment-instructions.ts';
import type { EscrowPolicy } from '../domain/policy.ts';
import type { Rejection } from '../domain/rejections.ts';
import { toEscrowEventEnvelope, toPaymentCommandEnvelope } from '../mapping/to-proto.ts';
import { recordCommandOutcome } from '../store/command-outcomes.ts';
import type { LoggedEvent } from '../store/escrow-event-log.ts';
import { appendEscrowEvents } from '../store/escrow-event-log.ts';
import { recordEscrowFacts } from '../store/escrow-records.ts';
import { loadEscrowForUpdate, saveEscrow } from '../store/escrow-store.ts';

/** The schema whose outbox the escrow service publishes through. */
export const ESCROW_SCHEMA = 'escrow';

export interface EscrowDeps {
  readonly clock: Clock;
  readonly policy: EscrowPolicy;
}

export type ApplyOutcome =
  | { readonly outcome: 'APPLIED'; readonly escrow: Escrow | null; readonly eventCount: number }
  | { readonly outcome: 'REJECTED'; readonly rejection: Rejection };

/**
 * Applies one command to one escrow inside the caller's transaction: lock the escrow, decide,
 * then append each event to the escrow's log, save the new state, and put the events and the
 * payment instructions they imply in the outbox, all or nothing. A refusal changes nothing but is
 * recorded with its reason and announced, so the caller can see why.
 * `cause` is the meta of the message that carried the command.
 */
export async function applyEscrowCommand(
  tx: Queryable,
  escrowId: string,
  command: EscrowCommand,
  cause: EventMeta,
  deps: EscrowDeps,
): Promise<ApplyOutcome> {
  const before = await loadEscrowForUpdate(tx, escrowId);
  const now = deps.clock.now();
  const decision = decide(before, command, { now, policy: deps.policy });
  if (!decision.ok) {
    await recordRejection(tx, escrowId, command, cause, decision.error, now);
    return { outcome: 'REJECTED', rejection: decision.error };
  }
  let state = before;
  const logged: LoggedEvent[] = [];
  for (const event of decision.value) {
    const previous = state;
    state = evolve(state, event);
    const meta = metaCausedBy(cause, newId(), event.at);
    const envelope = toEscrowEventEnvelope(event, state, meta);
    logged.push({
      version: state.version,
      type: event.type,
      envelope,
      eventId: meta.eventId,
      causationId: meta.causationId,
      correlationId: meta.correlationId,
      occurredAt: event.at,
    });
    await recordEscrowFacts(tx, previous ?? state, event);
    await appendToOutbox(tx, ESCROW_SCHEMA, TOPICS.escrowEvents, envelope);
    for (const instruction of paymentInstructionsFor(event, state)) {
      const commandMeta = metaCausedBy(meta, newId(), event.at);
      await appendToOutbox(
        tx,
        ESCROW_SCHEMA,
        TOPICS.paymentCommands,
        toPaymentCommandEnvelope(instruction, commandMeta),
      );
    }
  }
  if (state !== null && logged.length > 0) {
    await saveEscrow(tx, state, before?.version ?? 0);
    await appendEscrowEvents(tx, escrowId, logged);
  }
  await recordCommandOutcome(tx, {
    commandEventId: cause.eventId,
    escrowId,
    commandType: command.type,
    rejection: null,
  });
  return { outcome: 'APPLIED', escrow: state, eventCount: logged.length };
}

async function recordRejection(
  tx: Queryable,
  escrowId: string,
  command: EscrowCommand,
  cause: EventMeta,
  rejection: Rejection,
  now: Date,
): Promise<void> {
  await recordCommandOutcome(tx, {
    commandEventId: cause.eventId,
    escrowId,
    commandType: command.type,
    rejection,
  });
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
  await appendToOutbox(tx, ESCROW_SCHEMA, TOPICS.escrowEvents, envelope);
}
