import type { MessageBus, OutboxRelay } from '@bloxtr8/bus';
import { startOutboxRelay } from '@bloxtr8/bus';
import type { Database } from '@bloxtr8/db';
import type { Logger } from '@bloxtr8/platform';
import { MARKETPLACE_SCHEMA } from './contract-events.ts';

/**
 * Relays `marketplace.outbox` (ContractExecuted, ContractVoided) to the bus. Writers in this
 * process pass `relay.wake` as their `onCommitted` so that events leave at once.
 */
export function startMarketplaceOutbox(options: {
  readonly db: Database;
  readonly bus: MessageBus;
  readonly logger: Logger;
}): Promise<OutboxRelay> {
  return startOutboxRelay(options.db, options.bus, options.logger, { schema: MARKETPLACE_SCHEMA });
}
