import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from './problem.ts';
import { PROBLEM_CONTENT_TYPE, problemTypeOf, sendProblem } from './problem.ts';

/** Refusals the router makes before any route or hook runs, as stable problems. */
const ROUTER_ERRORS: Readonly<Record<string, Problem>> = {
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'MALFORMED_URL',
    title: 'The URL is not valid',
    detail: 'a path segment is not valid percent-encoding',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'PATH_PARAMETER_TOO_LONG',
    title: 'A path parameter is too long',
    detail: 'ids in paths are at most 100 characters',
  },
};

/**
 * Fastify's `frameworkErrors`: the router's own refusals (a malformed URL, a path parameter over
 * its length limit) answered as problem+json like everything else, instead of Fastify's JSON.
 */
export function answerFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  sendProblem(
    reply,
    ROUTER_ERRORS[error.code] ?? { status: 400, code: 'BAD_REQUEST', title: 'Bad request' },
  );
}

/** What Node's HTTP parser refuses before Fastify sees a request, by the parser's error code. */
function connectionProblem(code: string | undefined): Problem {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, code: 'REQUEST_TIMEOUT', title: 'The request took too long to arrive' };
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, code: 'HEADERS_TOO_LARGE', title: 'The request headers are too large' };
  }
  return { status: 400, code: 'MALFORMED_REQUEST', title: 'The request is not valid HTTP' };
}

/**
 * Fastify's `clientErrorHandler`: a request Node could not even parse (headers too large, not
 * HTTP, too slow) still gets a problem+json answer on its socket, then the socket is closed.
 * There is no request, so no request id.
 */
export function answerConnectionError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer (as in Fastify's own handler).
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = connectionProblem(error.code);
  const body = JSON.stringify({
    type: problemTypeOf(problem.code),
    title: problem.title,
    status: problem.status,
    code: problem.code,
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
