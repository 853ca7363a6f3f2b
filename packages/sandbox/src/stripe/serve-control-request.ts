import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { ControlProblem } from './control-problem.ts';
import { controlProblem } from './control-problem.ts';
import { CONTROL_ROUTES } from './control-routes.ts';
import type { ControlDependencies } from './control-support.ts';
import { readBody, send, sendJson } from './http-io.ts';
import { matchPath } from './path-pattern.ts';

/** Serves one `/__control/…` request: JSON in, JSON out, RFC 9457 problems on failure. */
export async function serveControlRequest(
  dependencies: ControlDependencies,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const method = request.method ?? 'GET';
  const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  const result = await handle(dependencies, request, method, path);
  if (result.ok) {
    sendJson(response, 200, JSON.stringify({ data: result.value ?? null }));
    return;
  }
  const problem = result.error;
  const body = {
    type: `/problems/${problem.code.toLowerCase().replaceAll('_', '-')}`,
    title: problem.code,
    status: problem.status,
    code: problem.code,
    detail: problem.detail,
    instance: path,
  };
  send(response, problem.status, 'application/problem+json', JSON.stringify(body));
}

async function handle(
  dependencies: ControlDependencies,
  request: IncomingMessage,
  method: string,
  path: string,
): Promise<Result<unknown, ControlProblem>> {
  for (const route of CONTROL_ROUTES) {
    const pathParams = route.method === method ? matchPath(route.pattern, path) : null;
    if (pathParams === null) continue;
    const body = await readJson(request);
    if (!body.ok) return body;
    return route.handle(dependencies, { body: body.value, pathParams });
  }
  return err(controlProblem(404, 'NOT_FOUND', `no control endpoint ${method} ${path}`));
}

async function readJson(request: IncomingMessage): Promise<Result<unknown, ControlProblem>> {
  const text = await readBody(request);
  if (text === null) return err(controlProblem(400, 'INVALID_REQUEST', 'the body is too large'));
  if (text.trim() === '') return ok(undefined);
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return err(controlProblem(400, 'INVALID_REQUEST', 'the body is not JSON'));
  }
}
