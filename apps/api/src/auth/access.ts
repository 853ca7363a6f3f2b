import type { FastifyInstance } from 'fastify';
import { sendProblem } from '../problem.ts';
import type { Authenticator } from './authenticator.ts';
import type { KycTierName, Principal } from './principal.ts';
import { hasTier, isStaff } from './principal.ts';

/** Who may call a route; declared in the route's `config.access`. */
export type Access =
  | { readonly who: 'anyone' }
  | { readonly who: 'user'; readonly minTier?: KycTierName }
  | { readonly who: 'staff' }
  | { readonly who: 'admin' };

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, or null (anonymous). Set before validation runs. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** The caller of a route declared `user` or `staff`: always set once the route's handler runs. */
export function principalOf(request: { principal: Principal | null }): Principal {
  if (request.principal === null) throw new Error('principalOf used on a route open to anyone');
  return request.principal;
}

/**
 * Authenticates every request before its body is validated (so nobody learns about a route's
 * schema without being allowed to call it) and enforces the route's declared access: 401 without
 * (valid) credentials, 403 for the wrong role or too low a KYC tier. A refused credential on a
 * public route is treated as no credential.
 */
export function installAccessControl(app: FastifyInstance, authenticator: Authenticator): void {
  app.decorateRequest('principal', null);
  app.addHook('preValidation', async (request, reply) => {
    const access = request.routeOptions.config?.access ?? { who: 'anyone' };
    const authentication = await authenticator.authenticate(request);
    request.principal = authentication.kind === 'authenticated' ? authentication.principal : null;
    if (access.who === 'anyone') return;
    if (authentication.kind === 'refused') return sendProblem(reply, authentication.problem);
    const principal = request.principal;
    if (principal === null) {
      return sendProblem(reply, {
        status: 401,
        code: 'UNAUTHENTICATED',
        title: 'Sign in first',
        detail: 'this needs a session (sign in with Discord) or the bot credential',
      });
    }
    if (access.who === 'staff' && !isStaff(principal)) {
      return sendProblem(reply, { status: 403, code: 'FORBIDDEN', title: 'Moderators only' });
    }
    if (access.who === 'admin' && principal.role !== 'ADMIN') {
      return sendProblem(reply, { status: 403, code: 'FORBIDDEN', title: 'Admins only' });
    }
    if (
      access.who === 'user' &&
      access.minTier !== undefined &&
      !hasTier(principal, access.minTier)
    ) {
      return sendProblem(reply, {
        status: 403,
        code: 'TIER_TOO_LOW',
        title: `This needs KYC ${access.minTier}`,
        detail: `your account is ${principal.tier}; link your Roblox account to trade`,
      });
    }
  });
}
