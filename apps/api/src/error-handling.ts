import type { FastifyError, FastifyInstance } from 'fastify';
import { describeFailure } from './describe-failure.ts';
import type { Problem } from './problem.ts';
import { sendProblem, shortPathOf } from './problem.ts';

/** Fastify's own error codes that are the client's fault, as stable problems. */
const CLIENT_ERRORS: Readonly<Record<string, Omit<Problem, 'detail'>>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_BODY',
    title: 'The body is not valid JSON',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_BODY',
    title: 'The JSON body is empty',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'BODY_TOO_LARGE',
    title: 'The body is too large',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    title: 'The body has an unsupported content type',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'MALFORMED_BODY',
    title: 'The content length does not match the body',
  },
};

/**
 * Every failure leaves as application/problem+json with a stable code. Client mistakes say what
 * was wrong; anything else is a 500 that names the request id and nothing of our internals, and is
 * logged by its class, code and stack frames only.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      status: 404,
      code: 'NOT_FOUND',
      title: 'No such resource',
      detail: `${request.method} ${shortPathOf(request.url)} does not exist`,
    }),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation !== undefined) {
      return sendProblem(reply, {
        status: 400,
        code: 'VALIDATION_FAILED',
        title: 'The request is not valid',
        detail: error.message,
        extensions: {
          errors: error.validation.map((issue) => ({
            path: issue.instancePath === '' ? (error.validationContext ?? '') : issue.instancePath,
            message: issue.message ?? 'is invalid',
          })),
        },
      });
    }
    const known = error.code === undefined ? undefined : CLIENT_ERRORS[error.code];
    if (known !== undefined) return sendProblem(reply, { ...known, detail: error.message });
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, {
        status: error.statusCode,
        code: 'BAD_REQUEST',
        title: 'The request was refused',
        detail: error.message,
      });
    }
    // Never the error itself: its message and properties may hold request values (see describeFailure).
    request.log.error(
      {
        failure: describeFailure(error),
        requestId: request.id,
        method: request.method,
        route: request.routeOptions.url ?? null,
      },
      'request failed',
    );
    return sendProblem(reply, {
      status: 500,
      code: 'INTERNAL',
      title: 'Something went wrong on our side',
      detail: `quote request id ${request.id} when reporting this`,
    });
  });
}
