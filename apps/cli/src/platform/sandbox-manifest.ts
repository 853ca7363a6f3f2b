import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const SANDBOX_PROVIDERS = ['stripe', 'discord', 'roblox', 'usdc', 'trm', 'chainalysis'] as const;
export type SandboxProvider = (typeof SANDBOX_PROVIDERS)[number];

const ZSandboxManifest = z.object({
  gatewayUrl: z.url(),
  /** The bot credential made up for this run, when none was configured. */
  botToken: z.string().nullable(),
  sandboxes: z.partialRecord(z.enum(SANDBOX_PROVIDERS), z.url()),
});

/**
 * Where a running sandbox platform can be driven from (`bloxtr8 demo`): the gateway, the made-up
 * bot credential and the doubles' addresses. Only ever written for loopback sandboxes, readable
 * by the owner only, and removed when the platform stops.
 */
export type SandboxManifest = z.infer<typeof ZSandboxManifest>;

const manifestPath = (dataDir: string) => join(dataDir, 'sandbox.json');

export async function writeSandboxManifest(
  dataDir: string,
  manifest: SandboxManifest,
): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(manifestPath(dataDir), JSON.stringify(manifest, null, 2), { mode: 0o600 });
  return () => rm(manifestPath(dataDir), { force: true });
}

/** The manifest of the sandbox platform running on `dataDir`, or undefined when none runs. */
export async function readSandboxManifest(dataDir: string): Promise<SandboxManifest | undefined> {
  let text: string;
  try {
    text = await readFile(manifestPath(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = ZSandboxManifest.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}

/** A provider's loopback double running in place of the real one (no credentials configured). */
export interface Sandbox {
  readonly provider: SandboxProvider;
  readonly url: string;
  /** What it stands in for and what that means, e.g. "payments through a local Stripe double". */
  readonly notice: string;
}

const SANDBOX_NOTICES: Readonly<Record<SandboxProvider, string>> = {
  stripe: 'payments through a local Stripe double; no real money',
  discord:
    'sign-in, bot interactions and DMs through a local Discord double; anyone can sign in as anyone',
  roblox: 'Roblox linking and game checks through a local Roblox double; nothing is verified',
  usdc: 'USDC on a local anvil chain with a sandbox token and a faucet; no real money',
  trm: 'wallet risk screening through a local TRM Labs double; every address is clean',
  chainalysis: 'sanctions screening through a local Chainalysis double; nothing is sanctioned',
};

export function sandboxesOf(urls: Partial<Record<SandboxProvider, string | undefined>>): Sandbox[] {
  return (Object.keys(SANDBOX_NOTICES) as SandboxProvider[]).flatMap((provider) => {
    const url = urls[provider];
    return url === undefined ? [] : [{ provider, url, notice: SANDBOX_NOTICES[provider] }];
  });
}
