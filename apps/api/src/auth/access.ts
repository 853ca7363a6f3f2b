import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Problem } from '../problem.ts';
import { sendProblem } from '../problem.ts';
import type { Authenticator } from './authenticator.ts';
import type { KycTierName, Principal } from './principal.ts';
import { hasTier, isStaff } from './principal.ts';

/**
 * Who may call a route; declared in the route's `config.access`. `disputeHandling` marks the
 * routes a moderator needs to settle a dispute from Discord: only there do staff keep their
 * powers when the Discord bot calls for them (ADR 0016). Admin-only routes never do.
 */
export type Access =
  | { readonly who: 'anyone' }
  | { readonly who: 'user'; readonly minTier?: KycTierName; readonly disputeHandling?: boolean }
  | { readonly who: 'staff'; readonly disputeHandling?: boolean }
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

const BOT_NOT_ALLOWED: Problem = {
  status: 403,
  code: 'BOT_CREDENTIAL_NOT_ALLOWED',
  title: 'Not through the Discord bot',
  detail:
    'through the bot, staff only handle disputes; sign in on the web for administration and moderation',
};

/**
 * What a staff member may do depends on how they came: the bot's credential is one shared secret
 * that can name any Discord user, so through it staff keep their powers only where a route handles
 * disputes; everywhere else they act as the plain user they also are.
 */
function scopedToChannel(principal: Principal, access: Access): Principal {
  if (principal.via !== 'bot' || !isStaff(principal)) return principal;
  return handlesDisputes(access) ? principal : { ...principal, role: 'USER' };
}

function handlesDisputes(access: Access): boolean {
  return (access.who === 'user' || access.who === 'staff') && access.disputeHandling === true;
}

/** Why the caller (by their own role) may not call this route, or undefined when they may. */
function accessProblem(access: Access, principal: Principal): Problem | undefined {
  if (access.who === 'staff' && !isStaff(principal)) {
    return { status: 403, code: 'FORBIDDEN', title: 'Moderators only' };
  }
  if (access.who === 'admin' && principal.role !== 'ADMIN') {
    return { status: 403, code: 'FORBIDDEN', title: 'Admins only' };
  }
  const isPrivileged = access.who === 'staff' || access.who === 'admin';
  if (principal.via === 'bot' && isPrivileged && !handlesDisputes(access)) return BOT_NOT_ALLOWED;
  if (
    access.who === 'user' &&
    access.minTier !== undefined &&
    !hasTier(principal, access.minTier)
  ) {
    return {
      status: 403,
      code: 'TIER_TOO_LOW',
      title: `This needs KYC ${access.minTier}`,
      detail: `your account is ${principal.tier}; link your Roblox account to trade`,
    };
  }
  return undefined;
}

/**
 * Authenticates every request before its body is validated (so nobody learns about a route's
 * schema without being allowed to call it) and enforces the route's declared access: 401 without
 * (valid) credentials, 403 for the wrong role, too low a KYC tier, or a privileged route called
 * through the bot. A refused credential on a public route is treated as no credential.
 */
export function installAccessControl(app: FastifyInstance, authenticator: Authenticator): void {
  app.decorateRequest('principal', null);
  app.addHook('preValidation', async (request, reply): Promise<FastifyReply | undefined> => {
    const access = request.routeOptions.config?.access ?? { who: 'anyone' };
    const authentication = await authenticator.authenticate(request);
    const principal = authentication.kind === 'authenticated' ? authentication.principal : null;
    request.principal = principal === null ? null : scopedToChannel(principal, access);
    if (access.who === 'anyone') return;
    if (authentication.kind === 'refused') return sendProblem(reply, authentication.problem);
    if (principal === null) {
      return sendProblem(reply, {
        status: 401,
        code: 'UNAUTHENTICATED',
        title: 'Sign in first',
        detail: 'this needs a session (sign in with Discord) or the bot credential',
      });
    }
    const problem = accessProblem(access, principal);
    return problem === undefined ? undefined : sendProblem(reply, problem);
  });
}
