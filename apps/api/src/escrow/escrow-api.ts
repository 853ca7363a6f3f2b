import type { MessageBus } from '@bloxtr8/bus';
import { startOutboxRelay } from '@bloxtr8/bus';
import type { Database } from '@bloxtr8/db';
import type { Clock, Logger } from '@bloxtr8/platform';
import { backlogProbeFor } from '@bloxtr8/projections';
import type { RouteModule } from '../route-module.ts';
import { adminRoutes } from './admin-routes.ts';
import { commandRoutes } from './command-routes.ts';
import { escrowRoutes } from './escrow-routes.ts';

/** The gateway's escrow side: its routes, and the relay that sends the commands they accept. */
export interface EscrowApi {
  readonly routes: readonly RouteModule[];
  stop(): Promise<void>;
}

export interface EscrowApiOptions {
  readonly db: Database;
  readonly bus: MessageBus;
  readonly logger: Logger;
  readonly clock: Clock;
}

/** Starts the gateway's outbox relay; commands accepted by the routes wake it at once. */
export async function startEscrowApi(options: EscrowApiOptions): Promise<EscrowApi> {
  const { db, bus, logger, clock } = options;
  const relay = await startOutboxRelay(db, bus, logger, { schema: 'gateway' });
  return {
    routes: [
      escrowRoutes({ db, clock, onCommitted: relay.wake }),
      commandRoutes(db),
      adminRoutes({ db, clock, backlog: backlogProbeFor(bus, db) }),
    ],
    stop: () => relay.stop(),
  };
}
