import type { OutboxMessage } from '@bloxtr8/bus';
import type { Queryable, SqlParam } from '@bloxtr8/db';
import type { Escrow } from '../domain/escrow.ts';
import type { Rejection } from '../domain/rejections.ts';

/** One entry of the escrow's history, already encoded. */
export interface HistoryRow {
  readonly version: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly payload: Uint8Array;
  readonly payloadJson: string;
  readonly causationId: string | null;
  readonly correlationId: string;
  readonly occurredAt: Date;
}

export interface Transition {
  readonly escrow: Escrow;
  /** The version the escrow had before, 0 when it is new. */
  readonly previousVersion: number;
  readonly history: readonly HistoryRow[];
  readonly outbox: readonly OutboxMessage[];
  readonly commandEventId: string;
  readonly commandType: string;
}

const hex = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

function stateParams(escrow: Escrow) {
  const settlement =
    escrow.settlement === null
      ? null
      : JSON.stringify({ ...escrow.settlement, feeMinor: escrow.settlement.feeMinor.toString() });
  return [
    escrow.status,
    settlement,
    escrow.settlementAttempts,
    escrow.providerPaymentId,
    escrow.version,
    escrow.stateEnteredAt,
    escrow.fundingDeadlineAt,
    escrow.autoReleaseAt,
    escrow.disputedAt,
    escrow.disputeAlertedAt,
    escrow.updatedAt,
    escrow.terms.escrowId,
  ] as const;
}

/** Writes the new state: `$1..$12` are the state, `$13` the version it must still have. */
const UPDATE_STATE = `update escrow.escrows set state = $1, settlement = $2::jsonb, settlement_attempts = $3,
    provider_payment_id = $4, version = $5, state_entered_at = $6, funding_deadline_at = $7,
    auto_release_at = $8, disputed_at = $9, dispute_alerted_at = $10, updated_at = $11
  where id = $12 and version = $13 returning id`;

/** Creates the escrow: `$1..$12` are the state, `$13..$23` the terms. */
const INSERT_STATE = `insert into escrow.escrows (state, settlement, settlement_attempts, provider_payment_id,
    version, state_entered_at, funding_deadline_at, auto_release_at, disputed_at, dispute_alerted_at,
    updated_at, id, contract_id, offer_id, listing_id, buyer_id, seller_id, amount_minor, currency, rail,
    network, seller_payout_ref, created_at)
  values ($1, $2::jsonb, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
    $20, $21, $22, $23)
  returning id`;

/**
 * Writes a whole transition in one statement: the escrow's new state, its history, the outbox
 * rows, and the command's outcome. One round trip instead of one per row is what lets the escrow
 * keep up with thousands of commands a second (see bench/escrow-throughput.ts). The state row is
 * written only if it still has `previousVersion`; otherwise nothing is written and false returns.
 */
export async function writeTransition(tx: Queryable, transition: Transition): Promise<boolean> {
  const { escrow, previousVersion, history, outbox } = transition;
  const { terms } = escrow;
  const state = [...stateParams(escrow)];
  const isNew = previousVersion === 0;
  const params: SqlParam[] = isNew
    ? [
        ...state,
        terms.contractId,
        terms.offerId,
        terms.listingId,
        terms.buyerId,
        terms.sellerId,
        terms.amountMinor,
        terms.currency,
        terms.rail,
        terms.network,
        terms.sellerPayoutRef,
        escrow.createdAt,
      ]
    : [...state, previousVersion];
  const at = params.length;
  params.push(
    history.map((row) => row.version),
    history.map((row) => row.eventId),
    history.map((row) => row.eventType),
    history.map((row) => hex(row.payload)),
    history.map((row) => row.payloadJson),
    history.map((row) => row.causationId),
    history.map((row) => row.correlationId),
    history.map((row) => row.occurredAt.toISOString()),
    outbox.map((row) => row.eventId),
    outbox.map((row) => row.topic),
    outbox.map((row) => row.key),
    outbox.map((row) => hex(row.payload)),
    outbox.map((row) => JSON.stringify(row.headers)),
    transition.commandEventId,
    transition.commandType,
  );
  const p = (offset: number) => `$${at + offset}`;
  const { rows } = await tx.query<{ saved: number }>(
    `with s as (${isNew ? INSERT_STATE : UPDATE_STATE}),
     h as (
       insert into escrow.escrow_events (escrow_id, version, event_id, event_type, payload, payload_json,
         causation_id, correlation_id, occurred_at)
       select s.id, x.version, x.event_id, x.event_type, decode(x.payload, 'hex'), x.payload_json::jsonb,
         x.causation_id, x.correlation_id, x.occurred_at
       from s, unnest(${p(1)}::int[], ${p(2)}::uuid[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::text[],
         ${p(6)}::uuid[], ${p(7)}::text[], ${p(8)}::timestamptz[])
         as x(version, event_id, event_type, payload, payload_json, causation_id, correlation_id, occurred_at)
     ),
     o as (
       insert into escrow.outbox (event_id, topic, message_key, payload, headers)
       select x.event_id, x.topic, x.message_key, decode(x.payload, 'hex'), x.headers::jsonb
       from s, unnest(${p(9)}::uuid[], ${p(10)}::text[], ${p(11)}::text[], ${p(12)}::text[], ${p(13)}::text[])
         with ordinality as x(event_id, topic, message_key, payload, headers, ord)
       order by x.ord
     ),
     c as (
       insert into escrow.command_outcomes (command_event_id, escrow_id, command_type, outcome)
       select ${p(14)}, s.id, ${p(15)}, 'APPLIED' from s
       on conflict (command_event_id) do nothing
     )
     select count(*)::int as saved from s`,
    params,
  );
  return (rows[0]?.saved ?? 0) === 1;
}

/**
 * Records a refused command and announces it; nothing else about the escrow changes. A refusal
 * already recorded under the same command id (a redelivery, a sweeper asking again) adds nothing:
 * the announcement goes out only with the outcome row that is new.
 */
export async function writeRejection(
  tx: Queryable,
  rejection: {
    escrowId: string;
    commandEventId: string;
    commandType: string;
    rejection: Rejection;
    outbox: OutboxMessage;
  },
): Promise<void> {
  const { outbox } = rejection;
  await tx.query(
    `with c as (
       insert into escrow.command_outcomes (command_event_id, escrow_id, command_type, outcome, reason_code, detail)
       values ($1, $2, $3, 'REJECTED', $4, $5) on conflict (command_event_id) do nothing
       returning command_event_id
     )
     insert into escrow.outbox (event_id, topic, message_key, payload, headers)
     select $6::uuid, $7::text, $8::text, decode($9::text, 'hex'), $10::jsonb from c`,
    [
      rejection.commandEventId,
      rejection.escrowId,
      rejection.commandType,
      rejection.rejection.code,
      rejection.rejection.detail,
      outbox.eventId,
      outbox.topic,
      outbox.key,
      hex(outbox.payload),
      JSON.stringify(outbox.headers),
    ],
  );
}
