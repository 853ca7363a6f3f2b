import { HEADER, partitionForKey, traceIdOf } from '@bloxtr8/bus';
import { findTopic, TOPICS } from '@bloxtr8/contracts';
import type { RecordedMessage } from './topic-recorder.ts';

export interface TradeIds {
  readonly escrowId: string;
  readonly contractId: string;
  readonly listingId: string;
}

/**
 * Messages that start a flow of their own, so nothing on the bus caused them: a contract executed
 * by a signature, a party's or moderator's escrow command from the gateway, a provider's webhook.
 */
const ORIGINS = new Set([
  'contractExecuted',
  'markDelivered',
  'releaseFunds',
  'cancelEscrow',
  'raiseDispute',
  'resolveDispute',
  'stripeWebhookValidated',
]);

const ESCROW_KEYED = [
  TOPICS.escrowCommands,
  TOPICS.escrowEvents,
  TOPICS.paymentCommands,
  TOPICS.paymentEvents,
].map((topic) => topic.name);

/** The key each topic must carry for this trade (SPEC §6's key column). */
function expectedKey(message: RecordedMessage, trade: TradeIds, paymentIds: Set<string>) {
  if (ESCROW_KEYED.includes(message.topic)) return trade.escrowId;
  if (message.topic === TOPICS.contractEvents.name) return trade.contractId;
  if (message.topic === TOPICS.webhookEvents.name && paymentIds.has(message.key))
    return message.key;
  return undefined;
}

/**
 * What an outside consumer of the topics finds wrong with one trade's messages: keys, partitions,
 * the escrow's gap-free versions, one correlation id (the contract's) for the whole trade,
 * causation pointing at another message of the trade, unique event ids, and headers that agree
 * with the message. Empty when the wire keeps every promise of the contracts (SPEC §6, ADR 0004).
 */
export function findTradeWireViolations(
  messages: readonly RecordedMessage[],
  trade: TradeIds,
): string[] {
  const paymentIds = new Set(
    messages
      .filter(
        (message) => message.key === trade.escrowId && message.kind === 'paymentIntentCreated',
      )
      .map((message) => String(message.message.providerPaymentId)),
  );
  const tradeMessages = messages.filter(
    (message) => expectedKey(message, trade, paymentIds) !== undefined,
  );
  const byEventId = new Map(tradeMessages.map((message) => [message.meta.eventId, message]));
  const violations: string[] = [];
  const report = (message: RecordedMessage, problem: string) =>
    violations.push(`${message.topic} ${message.kind} ${message.meta.eventId}: ${problem}`);
  if (byEventId.size !== tradeMessages.length) violations.push('event ids are not unique');
  for (const message of tradeMessages) {
    for (const problem of messageProblems(message, trade, byEventId)) report(message, problem);
  }
  violations.push(...escrowVersionProblems(tradeMessages, trade));
  if (!tradeMessages.some((message) => message.kind === 'escrowReleased')) {
    violations.push('the trade never reached escrowReleased on the wire');
  }
  return violations;
}

function messageProblems(
  message: RecordedMessage,
  trade: TradeIds,
  byEventId: ReadonlyMap<string, RecordedMessage>,
): string[] {
  const problems: string[] = [];
  const { meta, headers } = message;
  if (message.key !== message.messageKey) {
    problems.push(`record key ${message.key} is not the message's ${message.messageKey}`);
  }
  const partitions = findTopic(message.topic)?.partitions ?? 0;
  if (message.partition !== partitionForKey(message.key, partitions)) {
    problems.push(`partition ${message.partition} is not the key's`);
  }
  if (meta.correlationId !== trade.contractId) {
    problems.push(`correlation ${meta.correlationId} is not the contract's ${trade.contractId}`);
  }
  if (meta.causationId === '') {
    if (!ORIGINS.has(message.kind)) problems.push('has no causation');
  } else if (!byEventId.has(meta.causationId)) {
    problems.push(`causation ${meta.causationId} is no message of the trade`);
  }
  if (headers[HEADER.eventId] !== meta.eventId) problems.push('x-event-id header disagrees');
  if (headers[HEADER.correlationId] !== meta.correlationId) {
    problems.push('x-correlation-id header disagrees');
  }
  if (traceIdOf(headers) !== meta.traceId) problems.push('traceparent disagrees with trace_id');
  return problems;
}

/** escrow.events.v1 carries each escrow's history: versions 1, 2, 3, … in offset order. */
function escrowVersionProblems(messages: readonly RecordedMessage[], trade: TradeIds): string[] {
  const versions = messages
    .filter((message) => message.topic === TOPICS.escrowEvents.name)
    .sort((a, b) => (a.offset < b.offset ? -1 : 1))
    .map((message) => Number(message.message.escrowVersion));
  const expected = versions.map((_, index) => index + 1);
  return versions.join() === expected.join()
    ? []
    : [`escrow ${trade.escrowId} versions ${versions.join(', ')} are not 1..${versions.length}`];
}
