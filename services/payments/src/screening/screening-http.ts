import type { Secret } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { RailResult } from '../rails/payment-rail.ts';

/** Where a screening provider's API lives, and the key it wants. */
export interface ScreeningConnection {
  readonly apiUrl: URL;
  readonly apiKey: Secret;
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;

/**
 * One call to a screening provider, its answer parsed as JSON. Rate limits, server errors,
 * timeouts and broken connections are outages (retryable); any other refusal means our key or
 * request is wrong, which no retry fixes.
 */
export async function callScreeningApi(
  connection: ScreeningConnection,
  path: string,
  init: {
    readonly method: 'GET' | 'POST';
    readonly headers: Record<string, string>;
    readonly body?: string;
  },
): Promise<RailResult<unknown>> {
  let response: Response;
  try {
    response = await fetch(new URL(path, connection.apiUrl), {
      ...init,
      headers: { accept: 'application/json', ...init.headers },
      signal: AbortSignal.timeout(connection.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (error) {
    return err({
      code: 'SCREENING_UNAVAILABLE',
      message: error instanceof Error ? error.message : String(error),
      retryable: true,
    });
  }
  const text = await response.text();
  if (response.status === 429 || response.status >= 500) {
    return err({
      code: 'SCREENING_UNAVAILABLE',
      message: `HTTP ${response.status}`,
      retryable: true,
    });
  }
  if (!response.ok) {
    return err({ code: 'SCREENING_REFUSED', message: `HTTP ${response.status}`, retryable: false });
  }
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return err({
      code: 'SCREENING_UNAVAILABLE',
      message: 'the answer is not JSON',
      retryable: true,
    });
  }
}
