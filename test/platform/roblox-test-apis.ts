import { robloxCallbackUrl } from '@bloxtr8/api';
import type { RobloxApis } from '@bloxtr8/marketplace';
import { createRobloxApis, robloxHostsUnder } from '@bloxtr8/marketplace';
import { Secret } from '@bloxtr8/platform';
import type { RobloxDouble } from '@bloxtr8/sandbox/roblox';

/** The Roblox APIs pointed at the double, with short waits so that retry tests stay fast. */
export function testRobloxApis(roblox: RobloxDouble): RobloxApis {
  return createRobloxApis({
    clientId: roblox.clientId,
    clientSecret: new Secret(roblox.clientSecret),
    hosts: robloxHostsUnder(new URL(roblox.url)),
    redirectUri: robloxCallbackUrl(new URL('http://127.0.0.1')),
    policy: { timeoutMs: 2_000, backoffBaseMs: 10, waitMsMax: 1_000 },
  });
}
