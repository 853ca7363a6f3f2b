import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SandboxSettings } from './sandbox-home.ts';
import type { SandboxProvider } from './sandbox-manifest.ts';

/** One variable a service process needs to use `bloxtr8 sandbox`. */
export interface SandboxVariable {
  readonly name: string;
  readonly value: string;
}

export interface SandboxVariableGroup {
  /** Which processes need these, in words. */
  readonly neededBy: string;
  readonly variables: readonly SandboxVariable[];
}

/**
 * What every process of a scaled-out platform needs to use the standalone sandboxes instead of
 * real providers: the doubles pass for the real thing at their loopback addresses, with the
 * credentials the sandbox holds (the same at every start).
 */
export function sandboxEnvironment(
  settings: SandboxSettings,
  urls: Readonly<Record<SandboxProvider | 'usdcRpc', string>>,
  publicUrl: URL,
  discordBot: {
    readonly applicationId: string;
    readonly publicKeyHex: string;
    readonly botToken: string;
  },
): SandboxVariableGroup[] {
  const { stripe, discord, roblox, usdc, trm, chainalysis } = settings;
  return [
    {
      neededBy: 'every gateway and every payments process',
      variables: [
        { name: 'STRIPE_SECRET_KEY', value: stripe.secretKey },
        { name: 'STRIPE_WEBHOOK_SECRET', value: stripe.webhookSecret },
        { name: 'STRIPE_API_URL', value: urls.stripe },
      ],
    },
    {
      neededBy: 'every gateway and every payments process (the USDC sandbox chain and screening)',
      variables: [
        { name: 'BASE_RPC_URL', value: urls.usdcRpc },
        { name: 'USDC_CONTRACT_ADDRESS', value: usdc.tokenAddress ?? '' },
        { name: 'USDC_WALLET_MNEMONIC', value: usdc.mnemonic },
        { name: 'TRM_API_KEY', value: trm.apiKey },
        { name: 'TRM_API_URL', value: urls.trm },
        { name: 'CHAINALYSIS_API_KEY', value: chainalysis.apiKey },
        { name: 'CHAINALYSIS_API_URL', value: urls.chainalysis },
      ],
    },
    {
      neededBy: 'every gateway (SESSION_SECRET: the same in all of them)',
      variables: [
        { name: 'PUBLIC_URL', value: publicUrl.href.replace(/\/$/, '') },
        { name: 'SESSION_SECRET', value: settings.sessionSecret },
        { name: 'BOT_API_TOKEN', value: settings.botToken },
        { name: 'DISCORD_CLIENT_ID', value: discord.clientId },
        { name: 'DISCORD_CLIENT_SECRET', value: discord.clientSecret },
        { name: 'DISCORD_API_URL', value: urls.discord },
        { name: 'ROBLOX_CLIENT_ID', value: roblox.clientId },
        { name: 'ROBLOX_CLIENT_SECRET', value: roblox.clientSecret },
        { name: 'ROBLOX_API_URL', value: urls.roblox },
      ],
    },
    {
      neededBy:
        'every gateway, bot and notifications process (with PUBLIC_URL, BOT_API_TOKEN and DISCORD_API_URL above)',
      variables: [
        { name: 'DISCORD_APPLICATION_ID', value: discordBot.applicationId },
        { name: 'DISCORD_PUBLIC_KEY', value: discordBot.publicKeyHex },
        { name: 'DISCORD_BOT_TOKEN', value: discordBot.botToken },
      ],
    },
  ];
}

/** As a shell-sourceable env file (also read by `--env-file`), each group under its comment. */
export function formatEnvironment(groups: readonly SandboxVariableGroup[]): string {
  return groups
    .map(({ neededBy, variables }) =>
      [`# ${neededBy}`, ...variables.map(({ name, value }) => `${name}=${value}`)].join('\n'),
    )
    .join('\n\n');
}

/** `$BLOXTR8_DATA_DIR/sandbox.env`, readable by the owner only; returns how to remove it. */
export async function writeSandboxEnvironment(
  dataDir: string,
  text: string,
): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = join(dataDir, 'sandbox.env');
  await writeFile(path, `${text}\n`, { mode: 0o600 });
  return { path, remove: () => rm(path, { force: true }) };
}
