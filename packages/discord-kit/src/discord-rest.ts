import { REST } from '@discordjs/rest';

export interface DiscordRestSettings {
  /** Discord's API base, e.g. `https://discord.com/api` or a double's `<url>/api`. */
  readonly apiUrl: string;
  readonly botToken: string;
  /** Tries of a request that failed with a 5xx or a network error (429s are waited out). */
  readonly retries?: number;
  readonly timeoutMs?: number;
}

/**
 * Discord's maintained REST client: it keeps the rate-limit buckets, waits out 429's
 * `retry_after` (global or per route) and retries 5xx, so callers never do it themselves.
 */
export function createDiscordRest(settings: DiscordRestSettings): REST {
  return new REST({
    api: settings.apiUrl,
    version: '10',
    retries: settings.retries ?? 3,
    timeout: settings.timeoutMs ?? 10_000,
  }).setToken(settings.botToken);
}

export type { REST };
