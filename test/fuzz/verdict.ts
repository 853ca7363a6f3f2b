import type { HostileRequest } from './hostile-requests.ts';

/** How a hostile request went: fine, or what was wrong with the answer. */
export interface Verdict {
  readonly status: number;
  /** Undefined when the answer is acceptable: below 500, and problem+json with a code on 4xx. */
  readonly problem: string | undefined;
}

function problemOf(status: number, contentType: string, text: string): string | undefined {
  if (status >= 500) return `answered ${status}: ${text.slice(0, 300)}`;
  if (status < 400) return undefined;
  if (!contentType.includes('application/problem+json')) {
    return `answered ${status} as ${contentType || 'no content type'}: ${text.slice(0, 300)}`;
  }
  try {
    const code = (JSON.parse(text) as { code?: unknown }).code;
    return typeof code === 'string' ? undefined : `answered ${status} without a code`;
  } catch {
    return `answered ${status} with a body that is not JSON`;
  }
}

/** Sends one hostile request with the caller's credentials and judges the answer. */
export async function sendHostile(
  baseUrl: string,
  credentials: Readonly<Record<string, string>>,
  request: HostileRequest,
): Promise<Verdict> {
  const response = await fetch(`${baseUrl}${request.url}`, {
    method: request.method,
    redirect: 'manual',
    headers: {
      ...credentials,
      ...(request.body === undefined ? {} : { 'content-type': request.body.type }),
    },
    ...(request.body === undefined ? {} : { body: request.body.text }),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  return { status: response.status, problem: problemOf(response.status, contentType, text) };
}

/** Sends requests with a few in flight at once; returns the failures, described. */
export async function sendAll(options: {
  readonly baseUrl: string;
  readonly callers: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly requests: readonly HostileRequest[];
  /** Requests a caller must not send (e.g. a session's own sign-out). */
  readonly skip?: (caller: string, request: HostileRequest) => boolean;
  readonly inFlight?: number;
}): Promise<string[]> {
  const { baseUrl, callers, requests, skip } = options;
  const jobs = Object.entries(callers).flatMap(([caller, credentials]) =>
    requests
      .filter((request) => skip?.(caller, request) !== true)
      .map((request) => ({ caller, credentials, request })),
  );
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    for (let job = jobs[next++]; job !== undefined; job = jobs[next++]) {
      const verdict = await sendHostile(baseUrl, job.credentials, job.request);
      if (verdict.problem !== undefined) {
        failures.push(
          `${job.request.method} ${job.request.url.slice(0, 120)} as ${job.caller}, ${job.request.what}: ${verdict.problem}`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: options.inFlight ?? 8 }, worker));
  return failures;
}
