import type { Database } from '@bloxtr8/db';
import type { RobloxApis } from '@bloxtr8/marketplace';
import type { Clock } from '@bloxtr8/platform';
import { systemClock } from '@bloxtr8/platform';
import type { RouteModule } from '../route-module.ts';
import { gameVerificationRoutes } from './game-verification-routes.ts';
import { ROBLOX_CALLBACK_PATH, robloxLinkRoutes } from './roblox-link-routes.ts';

/** Roblox sends the browser back here; register exactly this URL with the Roblox OAuth app. */
export function robloxCallbackUrl(publicUrl: URL): string {
  return new URL(ROBLOX_CALLBACK_PATH, publicUrl).toString();
}

/**
 * Roblox account linking and game verification as the gateway serves them (ADR 0012); the
 * adapters come from `createRobloxApis` with `robloxCallbackUrl(publicUrl)` as redirect URI.
 */
export function robloxRoutes(options: {
  readonly db: Database;
  readonly roblox: RobloxApis;
  readonly clock?: Clock;
}): RouteModule[] {
  const { db, roblox } = options;
  const clock = options.clock ?? systemClock;
  return [
    robloxLinkRoutes({ db, clock, oauth: roblox.oauth }),
    gameVerificationRoutes({ db, clock, roblox }),
  ];
}
