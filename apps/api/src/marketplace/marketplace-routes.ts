import type { Database } from '@bloxtr8/db';
import type { FileStore, RobloxApis } from '@bloxtr8/marketplace';
import { createContractForAcceptedOffer } from '@bloxtr8/marketplace';
import type { Clock } from '@bloxtr8/platform';
import type { RouteModule } from '../route-module.ts';
import { contractRoutes } from './contract-routes.ts';
import { listingRoutes } from './listing-routes.ts';
import { offerRoutes } from './offer-routes.ts';
import { robloxRoutes } from './roblox-routes.ts';

export interface MarketplaceRoutesDependencies {
  readonly db: Database;
  readonly clock: Clock;
  readonly roblox: RobloxApis;
  /** Where contract PDFs are kept. */
  readonly files: FileStore;
  /** Wakes the marketplace outbox relay after a contract executed (when it runs in this process). */
  readonly onCommitted?: () => void;
}

/**
 * Everything from a linked Roblox account to an executed contract (SPEC §2–3): linking and game
 * checks, listings, offers — whose acceptance generates the contract in the same transaction —
 * and signing.
 */
export function marketplaceRoutes(dependencies: MarketplaceRoutesDependencies): RouteModule[] {
  const { db, clock, roblox, files, onCommitted } = dependencies;
  return [
    ...robloxRoutes({ db, roblox, clock }),
    listingRoutes({ db, clock, roblox }),
    offerRoutes({
      db,
      clock,
      roblox,
      onAccepted: async (tx, offerId) => {
        await createContractForAcceptedOffer(tx, { files, clock }, offerId);
      },
    }),
    contractRoutes({
      db,
      clock,
      files,
      roblox,
      ...(onCommitted === undefined ? {} : { onCommitted }),
    }),
  ];
}
