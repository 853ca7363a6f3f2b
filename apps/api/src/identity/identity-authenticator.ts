import type { Database } from '@bloxtr8/db';
import type { ActiveSession, SessionPolicy, User } from '@bloxtr8/identity';
import {
  findUserByDiscordId,
  isCsrfTokenValid,
  promoteBootstrapAdmin,
  resumeSession,
} from '@bloxtr8/identity';
import type { Clock, Secret } from '@bloxtr8/platform';
import type { FastifyRequest } from 'fastify';
import type { Authentication, Authenticator } from '../auth/authenticator.ts';
import type { Principal } from '../auth/principal.ts';
import { verifyBotCredential } from './bot-credential.ts';
import type { IdentityCookies } from './identity-cookies.ts';
import { PROBLEMS, sessionRefusalProblem } from './identity-problems.ts';
import type { IdentityRequests } from './identity-request-state.ts';
import { requestContextOf } from './request-context.ts';

export interface IdentityAuthenticatorDependencies {
  readonly db: Database;
  readonly clock: Clock;
  readonly cookies: IdentityCookies;
  readonly sessionPolicy: SessionPolicy;
  readonly sessionSecret: Secret;
  readonly botToken: Secret | undefined;
  readonly requests: IdentityRequests;
  /** ADMIN_DISCORD_IDS: the bot's calls are how a Discord user signs in there. */
  readonly adminDiscordIds: ReadonlySet<string>;
}

/** Methods that change something: a cookie caller must prove the page is ours (CSRF token). */
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Who is calling: the Discord bot (`Authorization: Bot …` acting for `X-Discord-User-Id`) or a
 * browser session (HTTP-only cookie, CSRF token on mutations). An Authorization header wins over
 * a cookie, and is then refused, because a browser (which sends cookies) never holds the bot's
 * credential legitimately.
 */
export function createIdentityAuthenticator(
  dependencies: IdentityAuthenticatorDependencies,
): Authenticator {
  return {
    authenticate: async (request) => {
      const state = dependencies.requests.of(request);
      const authentication = await authenticate(dependencies, request);
      if (authentication.kind === 'refused') state.refusal = authentication.problem;
      return authentication;
    },
  };
}

async function authenticate(
  dependencies: IdentityAuthenticatorDependencies,
  request: FastifyRequest,
): Promise<Authentication> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) return authenticateBot(dependencies, request, authorization);
  const token = request.cookies?.[dependencies.cookies.session];
  if (token === undefined || token === '') return { kind: 'anonymous' };
  return authenticateSession(dependencies, request, token);
}

async function authenticateBot(
  dependencies: IdentityAuthenticatorDependencies,
  request: FastifyRequest,
  authorization: string,
): Promise<Authentication> {
  const credential = verifyBotCredential(request, authorization, dependencies.botToken);
  if (!credential.ok) return { kind: 'refused', problem: credential.error };
  const state = dependencies.requests.of(request);
  state.botDiscordUserId = credential.value.discordUserId;
  const found = await findUserByDiscordId(dependencies.db, credential.value.discordUserId);
  if (found === undefined) return { kind: 'refused', problem: PROBLEMS.unknownUser };
  const user = await promoteBootstrapAdmin(dependencies.db, {
    user: found,
    adminDiscordIds: dependencies.adminDiscordIds,
    context: requestContextOf(request),
  });
  state.user = user;
  return { kind: 'authenticated', principal: principalOf(user, 'bot', null) };
}

async function authenticateSession(
  dependencies: IdentityAuthenticatorDependencies,
  request: FastifyRequest,
  token: string,
): Promise<Authentication> {
  const { db, clock, sessionPolicy, cookies } = dependencies;
  const resumed = await resumeSession(db, clock, sessionPolicy, {
    token,
    context: requestContextOf(request),
  });
  const state = dependencies.requests.of(request);
  if (!resumed.ok) {
    state.cookies.push({ name: cookies.session, value: '', options: cookies.clearOptions() });
    return { kind: 'refused', problem: sessionRefusalProblem(resumed.error) };
  }
  const { replacement } = resumed.value;
  let session: ActiveSession = resumed.value.session;
  if (replacement !== null) {
    // Sent with any answer, refusals included: the old token stops working after the grace.
    state.cookies.push({
      name: cookies.session,
      value: replacement.token,
      options: cookies.sessionOptions(replacement.expiresAt),
    });
    session = { ...session, sessionId: replacement.sessionId };
  }
  if (UNSAFE_METHODS.has(request.method)) {
    const presented = request.headers['x-csrf-token'];
    const csrfToken = typeof presented === 'string' ? presented : undefined;
    if (!isCsrfTokenValid(dependencies.sessionSecret, session.familyId, csrfToken)) {
      return { kind: 'refused', problem: PROBLEMS.csrfInvalid };
    }
  }
  state.session = session;
  state.user = session.user;
  return {
    kind: 'authenticated',
    principal: principalOf(session.user, 'session', session.sessionId),
  };
}

function principalOf(user: User, via: Principal['via'], sessionId: string | null): Principal {
  return {
    userId: user.id,
    discordUserId: user.discordUserId,
    role: user.role,
    tier: user.tier,
    via,
    sessionId,
  };
}
