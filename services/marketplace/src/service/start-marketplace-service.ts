import type { MessageBus, OutboxRelay, RetryPolicy } from '@bloxtr8/bus';
import { DEFAULT_RETRY_POLICY, startConsumer } from '@bloxtr8/bus';
import { TOPICS } from '@bloxtr8/contracts';
import type { Database } from '@bloxtr8/db';
import type { Clock, Logger } from '@bloxtr8/platform';
import { systemClock } from '@bloxtr8/platform';
import { MARKETPLACE_SCHEMA } from '../contracts/contract-events.ts';
import { startMarketplaceOutbox } from '../contracts/marketplace-outbox.ts';
import { startContractSweeper } from '../contracts/void-expired-contracts.ts';
import { onEscrowEvent } from '../escrow-outcomes/on-escrow-event.ts';
import { startOfferSweeper } from '../offers/offer-sweeper.ts';

export interface MarketplaceServiceOptions {
  readonly db: Database;
  readonly bus: MessageBus;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly retry?: RetryPolicy;
  /** How often expired offers and unsigned contracts are looked for. */
  readonly sweepIntervalMs?: number;
}

export interface MarketplaceService {
  /** Wake it after committing to the marketplace outbox (contract routes in this process). */
  readonly relay: OutboxRelay;
  stop(): Promise<void>;
}

export const MARKETPLACE_ESCROW_EVENTS_GROUP = 'marketplace.escrow-events';

/**
 * The marketplace's background work: its outbox relay (ContractExecuted, ContractVoided), the
 * offer and contract expiry sweepers, and the consumer that marks a listing SOLD when its escrow
 * is released. Its HTTP routes run in the gateway.
 */
export async function startMarketplaceService(
  options: MarketplaceServiceOptions,
): Promise<MarketplaceService> {
  const { db, bus } = options;
  const logger = options.logger.child({ service: 'marketplace' });
  const clock = options.clock ?? systemClock;
  const intervalMs = options.sweepIntervalMs ?? 30_000;
  const relay = await startMarketplaceOutbox({ db, bus, logger });
  const consumer = await startConsumer(
    { db, bus, logger },
    {
      groupId: MARKETPLACE_ESCROW_EVENTS_GROUP,
      topic: TOPICS.escrowEvents,
      inboxSchema: MARKETPLACE_SCHEMA,
      handle: onEscrowEvent(),
      retry: options.retry ?? DEFAULT_RETRY_POLICY,
      clock,
    },
  );
  const offers = startOfferSweeper({ db, clock, logger, intervalMs });
  const contracts = startContractSweeper({
    db,
    clock,
    logger,
    intervalMs,
    onCommitted: relay.wake,
  });
  return {
    relay,
    async stop() {
      await contracts.stop();
      await offers.stop();
      await consumer.stop();
      await relay.stop();
    },
  };
}
