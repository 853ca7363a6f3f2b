import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { LoopbackListener } from '../loopback-listener.ts';
import { listenOnLoopback } from '../loopback-listener.ts';
import { readBody, sendJson } from '../stripe/http-io.ts';

/** One request a screening double answers, once its key and availability were checked. */
export interface ScreeningRequest {
  readonly method: string;
  readonly path: string;
  readonly body: string;
}

/** A route's answer: status and JSON body. */
export interface ScreeningAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface ScreeningDoubleOptions {
  /** 0 (the default) picks a free port; only ever 127.0.0.1. */
  readonly port?: number;
  /** The key callers must present; any non-empty key when absent. */
  readonly apiKey?: string;
}

/** What every screening double offers tests besides its provider's API. */
export interface ScreeningDouble extends LoopbackListener {
  /** While on, every API call answers 503, as a provider outage would. */
  setOutage(isDown: boolean): void;
  /** API calls answered so far (refused ones included). */
  calls(): number;
}

/**
 * The plumbing the TRM Labs and Chainalysis doubles share: an HTTP server on loopback that checks
 * the provider's credential (`keyOf` reads it from the request as the provider expects it),
 * answers 503 during a simulated outage, and hands the rest to the provider's routes.
 */
export async function startScreeningDouble(
  options: ScreeningDoubleOptions,
  keyOf: (request: IncomingMessage) => string | null,
  route: (request: ScreeningRequest) => ScreeningAnswer,
): Promise<ScreeningDouble> {
  let isDown = false;
  let calls = 0;
  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    calls += 1;
    const body = (await readBody(request)) ?? '';
    const key = keyOf(request);
    if (key === null || key === '' || (options.apiKey !== undefined && key !== options.apiKey)) {
      return sendJson(response, 401, JSON.stringify({ message: 'invalid API key' }));
    }
    if (isDown) return sendJson(response, 503, JSON.stringify({ message: 'service unavailable' }));
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const answer = route({ method: request.method ?? 'GET', path: url.pathname, body });
    sendJson(response, answer.status, JSON.stringify(answer.body));
  };
  const server = createServer((request, response) => {
    serve(request, response).catch(() => sendJson(response, 500, '{"message":"double failed"}'));
  });
  const listener = await listenOnLoopback(server, options.port ?? 0);
  return {
    ...listener,
    setOutage: (down) => {
      isDown = down;
    },
    calls: () => calls,
  };
}

export const NOT_FOUND: ScreeningAnswer = { status: 404, body: { message: 'not found' } };
