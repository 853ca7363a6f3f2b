import { robloxCallbackUrl } from '@bloxtr8/api';
import type { RobloxApis } from '@bloxtr8/marketplace';
import { createRobloxApis, ROBLOX_HOSTS, robloxHostsUnder } from '@bloxtr8/marketplace';
import type { Logger, RobloxConfig } from '@bloxtr8/platform';
import { ConfigError, isLoopbackUrl, Secret } from '@bloxtr8/platform';
import type { RobloxDoubleControl } from '@bloxtr8/sandbox/roblox';
import { startRobloxSandbox } from './sandbox-doubles.ts';
import type { SandboxHome } from './sandbox-home.ts';

export interface RobloxRuntime {
  /** Roblox's OAuth and web APIs (or the sandbox's) for the gateway's marketplace routes. */
  readonly apis: RobloxApis;
  /** The Roblox sandbox's address, when running it. */
  readonly robloxSandboxUrl: string | undefined;
  /** Seeds the sandbox with users, games and group roles (e.g. `bloxtr8 demo`); sandbox only. */
  readonly robloxSandboxControl: RobloxDoubleControl | undefined;
  close(): Promise<void>;
}

/**
 * Roblox as configured: the real APIs with the configured OAuth application, or, when none is
 * set, the loopback Roblox double as a clearly labelled sandbox. The sandbox lets anyone link any
 * Roblox account and so reach TIER_1: it is refused unless PUBLIC_URL is a loopback address.
 */
export async function resolveRoblox(
  config: RobloxConfig,
  publicUrl: URL,
  logger: Logger,
  openSandboxHome: () => Promise<SandboxHome>,
): Promise<RobloxRuntime> {
  const redirectUri = robloxCallbackUrl(publicUrl);
  const policy = { timeoutMs: config.requestTimeoutMs };
  if (config.mode === 'live') {
    const apis = createRobloxApis({
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      hosts: config.apiUrl === undefined ? ROBLOX_HOSTS : robloxHostsUnder(config.apiUrl),
      redirectUri,
      policy,
    });
    return runtimeOf(apis, undefined, async () => {});
  }
  if (!isLoopbackUrl(publicUrl)) {
    throw new ConfigError(
      'invalid configuration: ROBLOX_CLIENT_ID: is required when PUBLIC_URL is not a loopback address: the Roblox sandbox lets anyone link any Roblox account',
    );
  }
  const sandbox = await startRobloxSandbox(await openSandboxHome(), logger, [redirectUri]);
  logger.warn(
    { sandbox: sandbox.url },
    'SANDBOX Roblox: no ROBLOX_CLIENT_ID set; anyone can link any test Roblox account',
  );
  const apis = createRobloxApis({
    clientId: sandbox.clientId,
    clientSecret: new Secret(sandbox.clientSecret),
    hosts: robloxHostsUnder(new URL(sandbox.url)),
    redirectUri,
    policy,
  });
  return runtimeOf(apis, sandbox, () => sandbox.close());
}

function runtimeOf(
  apis: RobloxApis,
  sandbox: { readonly url: string; readonly control: RobloxDoubleControl } | undefined,
  close: () => Promise<void>,
): RobloxRuntime {
  return {
    apis,
    robloxSandboxUrl: sandbox?.url,
    robloxSandboxControl: sandbox?.control,
    close,
  };
}
