import type { Consumer, MessageBus, OutboxRelay, RetryPolicy } from '@bloxtr8/bus';
import { DEFAULT_RETRY_POLICY, startConsumer, startOutboxRelay } from '@bloxtr8/bus';
import { TOPICS } from '@bloxtr8/contracts';
import type { Database } from '@bloxtr8/db';
import type { Clock, Logger } from '@bloxtr8/platform';
import { systemClock } from '@bloxtr8/platform';
import type { EscrowPolicy } from './domain/policy.ts';
import { DEFAULT_ESCROW_POLICY } from './domain/policy.ts';
import { ESCROW_SCHEMA } from './handlers/apply-escrow-command.ts';
import { onContractEvent } from './handlers/on-contract-event.ts';
import { onEscrowCommand, onEscrowCommands } from './handlers/on-escrow-command.ts';
import { onPaymentEvent, onPaymentEvents } from './handlers/on-payment-event.ts';
import type { SweeperOptions, TimeoutSweeper } from './timeouts/timeout-sweeper.ts';
import { startTimeoutSweeper } from './timeouts/timeout-sweeper.ts';

export type { Actor, EscrowCommand } from './domain/commands.ts';
export type { Escrow, EscrowStatus } from './domain/escrow.ts';
export type { EscrowPolicy } from './domain/policy.ts';
export { DEFAULT_ESCROW_POLICY, platformFeeMinor } from './domain/policy.ts';
export type { RejectionCode } from './domain/rejections.ts';
export { REJECTION_CODES } from './domain/rejections.ts';
export { findCommandOutcome } from './store/command-outcomes.ts';
export { readEscrowHistory } from './store/escrow-event-log.ts';
export { loadEscrow } from './store/escrow-store.ts';
export type { SweepReport, TimeoutSweeper } from './timeouts/timeout-sweeper.ts';

/** Messages of one partition handled per transaction, when that many are waiting. */
const BATCH_MESSAGES = 50;

export const ESCROW_CONSUMER_GROUPS = {
  commands: 'escrow.commands',
  paymentEvents: 'escrow.payment-events',
  contractEvents: 'escrow.contract-events',
} as const;

export interface EscrowServiceOptions {
  readonly db: Database;
  readonly bus: MessageBus;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly policy?: EscrowPolicy;
  readonly retry?: RetryPolicy;
  readonly sweeper?: Partial<SweeperOptions>;
  /**
   * False: neither the outbox relay nor the timeout sweeper runs on its own; the caller moves them
   * with `relay.drain()` and `sweeper.sweepOnce()`. For the simulator, which decides every step.
   */
  readonly loops?: boolean;
}

export interface EscrowService {
  readonly sweeper: TimeoutSweeper;
  readonly relay: OutboxRelay;
  /** Finishes the messages in flight, then stops. */
  stop(): Promise<void>;
  /** Stops at once without committing what is in flight, as a crashed process would. */
  kill(): Promise<void>;
}

/** The escrow service's process face: its consumers, its outbox relay and its timeout sweeper. */
export async function startEscrowService(options: EscrowServiceOptions): Promise<EscrowService> {
  const { db, bus } = options;
  const logger = options.logger.child({ service: 'escrow' });
  const deps = {
    clock: options.clock ?? systemClock,
    policy: options.policy ?? DEFAULT_ESCROW_POLICY,
  };
  const runtime = { db, bus, logger };
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  const loop = options.loops !== false;
  const relay = await startOutboxRelay(db, bus, logger, { schema: ESCROW_SCHEMA, loop });
  const consumers: Consumer[] = [
    await startConsumer(runtime, {
      groupId: ESCROW_CONSUMER_GROUPS.commands,
      topic: TOPICS.escrowCommands,
      inboxSchema: ESCROW_SCHEMA,
      handle: onEscrowCommand(deps),
      batch: { maxMessages: BATCH_MESSAGES, handle: onEscrowCommands(deps) },
      retry,
      clock: deps.clock,
      onCommitted: relay.wake,
    }),
    await startConsumer(runtime, {
      groupId: ESCROW_CONSUMER_GROUPS.paymentEvents,
      topic: TOPICS.paymentEvents,
      inboxSchema: ESCROW_SCHEMA,
      handle: onPaymentEvent(deps),
      batch: { maxMessages: BATCH_MESSAGES, handle: onPaymentEvents(deps) },
      retry,
      clock: deps.clock,
      onCommitted: relay.wake,
    }),
    await startConsumer(runtime, {
      groupId: ESCROW_CONSUMER_GROUPS.contractEvents,
      topic: TOPICS.contractEvents,
      inboxSchema: ESCROW_SCHEMA,
      handle: onContractEvent(),
      retry,
      clock: deps.clock,
      onCommitted: relay.wake,
    }),
  ];
  const sweeper = startTimeoutSweeper(db, deps, logger, {
    ...options.sweeper,
    onSwept: relay.wake,
    loop,
  });
  return {
    sweeper,
    relay,
    async stop() {
      await sweeper.stop();
      for (const consumer of consumers) await consumer.stop();
      await relay.stop();
    },
    async kill() {
      for (const consumer of consumers) await consumer.kill();
      await sweeper.stop();
      await relay.stop();
    },
  };
}
