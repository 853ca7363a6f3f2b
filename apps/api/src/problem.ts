import type { FastifyReply } from 'fastify';

/** An RFC 9457 problem: what the client sees whenever a request does not succeed. */
export interface Problem {
  readonly status: number;
  /** A stable, machine-readable code; `type` is derived from it. */
  readonly code: string;
  readonly title: string;
  readonly detail?: string;
  /** Extra members, e.g. the field errors of a validation failure. */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemTypeOf(code: string): string {
  return `/problems/${code.toLowerCase().replaceAll('_', '-')}`;
}

const PATH_SHOWN_MAX = 200;

/** The path of a URL without its query, cut short: a problem need not echo a 10 kB URL back. */
export function shortPathOf(url: string): string {
  const path = url.split('?', 1)[0] ?? '';
  return path.length > PATH_SHOWN_MAX ? `${path.slice(0, PATH_SHOWN_MAX)}…` : path;
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({
      type: problemTypeOf(problem.code),
      title: problem.title,
      status: problem.status,
      code: problem.code,
      ...(problem.detail === undefined ? {} : { detail: problem.detail }),
      instance: shortPathOf(reply.request.url),
      requestId: reply.request.id,
      ...problem.extensions,
    });
}
