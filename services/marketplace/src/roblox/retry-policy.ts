/**
 * How hard we try Roblox before giving up. Every call is a GET that changes nothing, so retrying
 * is safe; the bounds keep a gateway request from hanging on Roblox (SPEC §6: provider calls
 * 3 tries, 200 ms doubling, at most 2 s apart).
 */
export interface RobloxRequestPolicy {
  /** Per attempt. */
  readonly timeoutMs: number;
  /** Attempts in all, the first included. */
  readonly attemptsMax: number;
  /** First backoff when Roblox gives no hint; doubles per attempt. */
  readonly backoffBaseMs: number;
  /**
   * The longest we wait between attempts. A 429 asking for longer is not waited out: the
   * caller gets ROBLOX_RATE_LIMITED at once rather than a request held for a minute.
   */
  readonly waitMsMax: number;
}

export const DEFAULT_ROBLOX_REQUEST_POLICY: RobloxRequestPolicy = {
  timeoutMs: 5_000,
  attemptsMax: 3,
  backoffBaseMs: 200,
  waitMsMax: 2_000,
};

/** What one attempt came to, as far as retrying is concerned. */
export type AttemptOutcome =
  | { readonly kind: 'RATE_LIMITED'; readonly headers: Headers }
  /** 5xx, timeout or network error: Roblox may well answer the next time. */
  | { readonly kind: 'TRANSIENT' };

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false };

/** Above this, x-ratelimit-reset is a Unix time in seconds rather than seconds to wait. */
const EPOCH_SECONDS_MIN = 1_000_000_000;

/**
 * Whether to try again after attempt number `attempt` (1-based), and after how long. A 429 is
 * retried after Retry-After (seconds or an HTTP date), else x-ratelimit-reset, else the backoff;
 * a wait longer than `waitMsMax` is not retried.
 */
export function decideRetry(
  outcome: AttemptOutcome,
  attempt: number,
  policy: RobloxRequestPolicy,
  nowMs: number,
): RetryDecision {
  if (attempt >= policy.attemptsMax) return { retry: false };
  const backoffMs = Math.min(policy.backoffBaseMs * 2 ** (attempt - 1), policy.waitMsMax);
  if (outcome.kind === 'TRANSIENT') return { retry: true, delayMs: backoffMs };
  const hintedMs =
    retryAfterMs(outcome.headers.get('retry-after'), nowMs) ??
    rateLimitResetMs(outcome.headers.get('x-ratelimit-reset'), nowMs);
  const delayMs = hintedMs ?? backoffMs;
  return delayMs > policy.waitMsMax ? { retry: false } : { retry: true, delayMs };
}

/** RFC 9110 Retry-After: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const dateMs = Date.parse(text);
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}

/** Roblox's x-ratelimit-reset: seconds until the window resets (a Unix time is accepted too). */
export function rateLimitResetMs(value: string | null, nowMs: number): number | undefined {
  if (value === null || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  const seconds = Number(value.trim());
  if (seconds >= EPOCH_SECONDS_MIN) return Math.max(0, seconds * 1000 - nowMs);
  return Math.ceil(seconds * 1000);
}
