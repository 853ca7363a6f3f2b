import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { AttemptOutcome, RobloxRequestPolicy } from './retry-policy.ts';
import { decideRetry } from './retry-policy.ts';
import type { RobloxFailure } from './roblox-client.ts';

/** How requests to Roblox wait and time out; injected so tests need not sleep. */
export interface RobloxRequestRuntime {
  readonly policy: RobloxRequestPolicy;
  readonly sleep: (delayMs: number) => Promise<void>;
  readonly nowMs: () => number;
}

export const REAL_REQUEST_RUNTIME: Omit<RobloxRequestRuntime, 'policy'> = {
  sleep: (delayMs) => new Promise((resolve) => setTimeout(resolve, delayMs)),
  nowMs: () => Date.now(),
};

type Attempt = { readonly kind: 'ANSWERED'; readonly body: unknown } | AttemptOutcome;

/**
 * GETs JSON from Roblox with a timeout per attempt, retrying 429s (honouring Retry-After or
 * x-ratelimit-reset), 5xx and network errors within the policy's bounds. Any other status is
 * ROBLOX_UNAVAILABLE at once: retrying a request Roblox refuses changes nothing.
 */
export async function getRobloxJson(
  url: URL,
  runtime: RobloxRequestRuntime,
  headers: Readonly<Record<string, string>> = {},
): Promise<Result<unknown, RobloxFailure>> {
  const { policy } = runtime;
  for (let attempt = 1; attempt <= policy.attemptsMax; attempt += 1) {
    const outcome = await attemptOnce(url, policy.timeoutMs, headers);
    if (outcome.kind === 'ANSWERED') {
      return outcome.body === undefined ? err('ROBLOX_UNAVAILABLE') : ok(outcome.body);
    }
    const decision = decideRetry(outcome, attempt, policy, runtime.nowMs());
    if (!decision.retry) {
      return err(outcome.kind === 'RATE_LIMITED' ? 'ROBLOX_RATE_LIMITED' : 'ROBLOX_UNAVAILABLE');
    }
    await runtime.sleep(decision.delayMs);
  }
  return err('ROBLOX_UNAVAILABLE');
}

/** One attempt; `body` undefined means an answer not worth retrying (4xx, not JSON). */
async function attemptOnce(
  url: URL,
  timeoutMs: number,
  headers: Readonly<Record<string, string>>,
): Promise<Attempt> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json', ...headers },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return { kind: 'TRANSIENT' };
  }
  if (response.status === 429 || response.status >= 500) {
    await response.body?.cancel();
    return response.status === 429
      ? { kind: 'RATE_LIMITED', headers: response.headers }
      : { kind: 'TRANSIENT' };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { kind: 'ANSWERED', body: undefined };
  }
  try {
    return { kind: 'ANSWERED', body: await response.json() };
  } catch {
    // A body cut off by the timeout or not JSON at all: another attempt may do better.
    return { kind: 'TRANSIENT' };
  }
}
