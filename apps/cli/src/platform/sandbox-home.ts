import { randomBytes, randomInt } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, isProcessAlive } from '@bloxtr8/platform';
import { english, generateMnemonic, generatePrivateKey } from 'viem/accounts';
import { z } from 'zod';
import type { SandboxProvider } from './sandbox-manifest.ts';

const ZPort = z.number().int().min(1).max(65_535).nullable();

/**
 * What keeps a sandbox the same sandbox across restarts: the bot credential, the session key
 * (shared by every gateway that uses `bloxtr8 sandbox`), and each double's port and credentials,
 * so that sandbox.json, saved links and configured services keep working.
 */
const ZSandboxSettings = z.object({
  botToken: z.string().min(32),
  sessionSecret: z.string().min(32),
  stripe: z.object({ port: ZPort, secretKey: z.string(), webhookSecret: z.string() }),
  discord: z.object({
    port: ZPort,
    clientId: z.string(),
    clientSecret: z.string(),
    /** The bot side (added later: made up when a settings file lacks them). */
    botToken: z.string().default(() => randomBytes(36).toString('base64url')),
    signingKey: z.string().optional(),
  }),
  roblox: z.object({ port: ZPort, clientId: z.string(), clientSecret: z.string() }),
  // The USDC sandbox (added later: a settings file without it gets one made up when read).
  usdc: z
    .object({
      /** The faucet's port; `rpcPort` is the chain's. */
      port: ZPort,
      rpcPort: ZPort,
      /** The token's owner (it mints for the faucet) and the platform's keys, both sandbox only. */
      ownerKey: z.string(),
      mnemonic: z.string(),
      tokenAddress: z.string().nullable(),
    })
    .default(newUsdcSandboxSettings),
  trm: z.object({ port: ZPort, apiKey: z.string() }).default(() => newScreeningSettings('trm')),
  chainalysis: z
    .object({ port: ZPort, apiKey: z.string() })
    .default(() => newScreeningSettings('chainalysis')),
});
export type SandboxSettings = z.infer<typeof ZSandboxSettings>;

/** `$BLOXTR8_DATA_DIR/sandbox`: the sandboxes' settings, their state, and who uses them now. */
export interface SandboxHome {
  readonly directory: string;
  readonly settings: SandboxSettings;
  /** Where a provider's double keeps its state between runs. */
  stateFile(provider: SandboxProvider): string;
  /** Remembers the Discord double's interaction-signing key (made at its first start). */
  rememberSigningKey(signingKey: string): Promise<void>;
  /** Remembers the port a double listens on, so the next run listens there again. */
  rememberPort(provider: SandboxProvider, port: number): Promise<void>;
  /** Remembers where the USDC sandbox's chain listens and its token, for the next run. */
  rememberUsdcChain(chain: {
    readonly rpcPort: number;
    readonly tokenAddress: string;
  }): Promise<void>;
  /** Lets the next process use the sandboxes. */
  close(): Promise<void>;
}

/**
 * Opens the data folder's sandboxes for this process alone (a second process would write the
 * same state files), with the settings of earlier runs or, the first time, new ones.
 */
export async function openSandboxHome(dataDir: string): Promise<SandboxHome> {
  const directory = join(dataDir, 'sandbox');
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const unlock = await lockSandboxes(directory);
  const settingsPath = join(directory, 'settings.json');
  const settings = (await readSettings(settingsPath)) ?? newSandboxSettings();
  await writePrivately(settingsPath, settings);
  return {
    directory,
    settings,
    stateFile: (provider) => join(directory, `${provider}.json`),
    rememberSigningKey: async (signingKey) => {
      if (settings.discord.signingKey === signingKey) return;
      settings.discord.signingKey = signingKey;
      await writePrivately(settingsPath, settings);
    },
    rememberPort: async (provider, port) => {
      if (settings[provider].port === port) return;
      settings[provider].port = port;
      await writePrivately(settingsPath, settings);
    },
    rememberUsdcChain: async ({ rpcPort, tokenAddress }) => {
      if (settings.usdc.rpcPort === rpcPort && settings.usdc.tokenAddress === tokenAddress) return;
      settings.usdc = { ...settings.usdc, rpcPort, tokenAddress };
      await writePrivately(settingsPath, settings);
    },
    close: unlock,
  };
}

/** Opens the sandbox home once, on first use, and lets it go after everything else stopped. */
export function sandboxHomeOnDemand(
  dataDir: string,
  stoppers: Array<() => Promise<void>>,
): () => Promise<SandboxHome> {
  let opening: Promise<SandboxHome> | undefined;
  return () => {
    opening ??= openSandboxHome(dataDir).then((home) => {
      stoppers.push(() => home.close());
      return home;
    });
    return opening;
  };
}

async function readSettings(path: string): Promise<SandboxSettings | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = ZSandboxSettings.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new ConfigError(`${path} is not a sandbox settings file; move it away to start afresh`);
  }
  return parsed.data;
}

function newUsdcSandboxSettings(): SandboxSettings['usdc'] {
  return {
    port: null,
    rpcPort: null,
    ownerKey: generatePrivateKey(),
    mnemonic: generateMnemonic(english),
    tokenAddress: null,
  };
}

function newScreeningSettings(provider: 'trm' | 'chainalysis') {
  return { port: null, apiKey: `${provider}_sandbox_${randomBytes(16).toString('hex')}` };
}

function newSandboxSettings(): SandboxSettings {
  const secret = () => randomBytes(32).toString('base64url');
  const hex = (bytes: number) => randomBytes(bytes).toString('hex');
  return {
    botToken: secret(),
    sessionSecret: secret(),
    stripe: {
      port: null,
      secretKey: `sk_test_sandbox${hex(12)}`,
      webhookSecret: `whsec_${hex(24)}`,
    },
    discord: {
      port: null,
      clientId: String(randomInt(10 ** 11, 10 ** 12) * 10 ** 6),
      clientSecret: secret(),
      botToken: randomBytes(36).toString('base64url'),
    },
    roblox: {
      port: null,
      clientId: `${randomInt(10 ** 9, 10 ** 10)}${randomInt(10 ** 9, 10 ** 10)}`,
      clientSecret: `RBX-${secret()}`,
    },
    usdc: newUsdcSandboxSettings(),
    trm: newScreeningSettings('trm'),
    chainalysis: newScreeningSettings('chainalysis'),
  };
}

/** Readable by the owner only (it holds credentials), replaced atomically. */
async function writePrivately(path: string, value: unknown): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(value, null, 2), { mode: 0o600 });
  await rename(temporary, path);
}

/** One process at a time: a lock file with its pid, taken over when that process is gone. */
async function lockSandboxes(directory: string): Promise<() => Promise<void>> {
  const path = join(directory, 'lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(path, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await lockHolder(path);
    if (isProcessAlive(holder)) {
      throw new ConfigError(
        `the sandboxes in ${directory} are in use by process ${holder}; stop it first, or use another BLOXTR8_DATA_DIR`,
      );
    }
    await rm(path, { force: true });
  }
  throw new ConfigError(`cannot lock the sandboxes in ${directory}; try again`);
}

/** The pid in the lock; a moment's patience for a lock whose creator is still writing it. */
async function lockHolder(path: string): Promise<number> {
  const read = () => readFile(path, 'utf8').catch(() => '');
  const text = (await read()) || (await sleep(LOCK_WRITE_PATIENCE_MS).then(read));
  return Number(text);
}

const LOCK_WRITE_PATIENCE_MS = 200;
