import type { RequestContext } from '@bloxtr8/identity';
import type { FastifyRequest } from 'fastify';

/** Where a request came from, for sessions and the audit log. */
export function requestContextOf(request: FastifyRequest): RequestContext {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 500) : null,
    requestId: request.id,
  };
}
