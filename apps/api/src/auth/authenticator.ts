import type { FastifyRequest } from 'fastify';
import type { Problem } from '../problem.ts';
import type { Principal } from './principal.ts';

export type Authentication =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'authenticated'; readonly principal: Principal }
  /** Credentials were presented but do not hold (expired, revoked, forged, CSRF missing…). */
  | { readonly kind: 'refused'; readonly problem: Problem };

/**
 * Decides who is calling, once per request, before any route runs. The identity service provides
 * the implementation (sessions from the HTTP-only cookie, with CSRF checked on mutations; the
 * Discord bot's own credential acting for a Discord user, refused from browsers). Routes then
 * only ask for a principal, a role or a tier (see `access.ts`).
 */
export interface Authenticator {
  authenticate(request: FastifyRequest): Promise<Authentication>;
}

/** Nobody is ever signed in: for processes that serve only public routes and webhooks. */
export const ANONYMOUS_ONLY: Authenticator = {
  authenticate: async () => ({ kind: 'anonymous' }),
};
