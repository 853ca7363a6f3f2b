import type { Secret } from '@bloxtr8/platform';
import type { RobloxRequestPolicy } from './retry-policy.ts';
import { DEFAULT_ROBLOX_REQUEST_POLICY } from './retry-policy.ts';
import type { RobloxClient, RobloxOAuth } from './roblox-client.ts';
import type { RobloxHosts } from './roblox-hosts.ts';
import { createRobloxOAuth } from './roblox-oauth.ts';
import { REAL_REQUEST_RUNTIME } from './roblox-request.ts';
import { createRobloxWebClient } from './roblox-web-client.ts';

/** The Roblox OAuth application and where Roblox is (real hosts, or a double's). */
export interface RobloxApiSettings {
  readonly clientId: string;
  readonly clientSecret: Secret;
  readonly hosts: RobloxHosts;
  /** Our callback, exactly as registered with the Roblox OAuth application. */
  readonly redirectUri: string;
  readonly policy?: Partial<RobloxRequestPolicy>;
}

export interface RobloxApis {
  readonly oauth: RobloxOAuth;
  readonly client: RobloxClient;
}

/** The real adapters, sharing one request policy (timeouts, bounded retries on 429 and 5xx). */
export function createRobloxApis(settings: RobloxApiSettings): RobloxApis {
  const runtime = {
    ...REAL_REQUEST_RUNTIME,
    policy: { ...DEFAULT_ROBLOX_REQUEST_POLICY, ...settings.policy },
  };
  return {
    oauth: createRobloxOAuth(settings, runtime),
    client: createRobloxWebClient(settings.hosts, runtime),
  };
}
