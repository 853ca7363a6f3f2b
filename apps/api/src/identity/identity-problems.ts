import type { PrivilegeChangeFailure, SessionRefusal } from '@bloxtr8/identity';
import { assertNever } from '@bloxtr8/platform';
import type { Problem } from '../problem.ts';

/** The gateway's one table from identity outcomes to HTTP problems. */
export function sessionRefusalProblem(refusal: SessionRefusal): Problem {
  switch (refusal) {
    case 'SESSION_UNKNOWN':
      return {
        status: 401,
        code: 'SESSION_INVALID',
        title: 'The session is not valid; sign in again',
      };
    case 'SESSION_EXPIRED':
      return {
        status: 401,
        code: 'SESSION_EXPIRED',
        title: 'The session has expired; sign in again',
      };
    case 'SESSION_REVOKED':
      return {
        status: 401,
        code: 'SESSION_REVOKED',
        title: 'The session was ended; sign in again',
      };
    case 'SESSION_REUSED':
      return {
        status: 401,
        code: 'SESSION_REVOKED',
        title: 'The session was ended; sign in again',
        detail: 'an outdated session token was used, so every session of this sign-in was ended',
      };
    default:
      return assertNever(refusal, 'session refusal');
  }
}

export function privilegeProblem(failure: PrivilegeChangeFailure): Problem {
  switch (failure) {
    case 'USER_NOT_FOUND':
      return { status: 404, code: 'USER_NOT_FOUND', title: 'No such user' };
    case 'ADMIN_ONLY':
      return { status: 403, code: 'FORBIDDEN', title: 'Admins only' };
    case 'STAFF_ONLY':
      return { status: 403, code: 'FORBIDDEN', title: 'Moderators only' };
    case 'OWN_ROLE':
      return {
        status: 409,
        code: 'OWN_ROLE_CHANGE',
        title: 'You cannot change your own role',
        detail: 'another admin has to do it, so that the platform is never left without one',
      };
    case 'OWN_TIER':
      return {
        status: 409,
        code: 'OWN_TIER_CHANGE',
        title: 'You cannot change your own tier',
        detail: 'another moderator or admin has to decide on your badge',
      };
    case 'TIER_PREREQUISITE':
      return {
        status: 409,
        code: 'TIER_PREREQUISITE',
        title: 'TIER_2 needs a linked Roblox account (TIER_1) first',
      };
    default:
      return assertNever(failure, 'privilege change failure');
  }
}

export const PROBLEMS = {
  csrfInvalid: {
    status: 403,
    code: 'CSRF_TOKEN_INVALID',
    title: 'The CSRF token is missing or wrong',
    detail: 'send the csrfToken from GET /api/me in the x-csrf-token header',
  },
  botFromBrowser: {
    status: 403,
    code: 'BOT_CREDENTIAL_FROM_BROWSER',
    title: 'The bot credential is not accepted from a browser',
  },
  botCredentialInvalid: {
    status: 401,
    code: 'BOT_CREDENTIAL_INVALID',
    title: 'The bot credential is not valid',
  },
  botCredentialRequired: {
    status: 401,
    code: 'BOT_CREDENTIAL_REQUIRED',
    title: 'Only the Discord bot may call this',
    detail: 'send Authorization: Bot <token> and X-Discord-User-Id',
  },
  credentialUnsupported: {
    status: 401,
    code: 'CREDENTIAL_UNSUPPORTED',
    title: 'Unsupported Authorization scheme',
    detail: 'browsers use the session cookie; the Discord bot uses Authorization: Bot <token>',
  },
  discordUserIdInvalid: {
    status: 400,
    code: 'DISCORD_USER_ID_INVALID',
    title: 'X-Discord-User-Id must be a Discord user id (a snowflake)',
  },
  unknownUser: {
    status: 401,
    code: 'UNKNOWN_USER',
    title: 'This Discord user has not signed up',
    detail: 'run /signup in Discord first',
  },
} as const satisfies Record<string, Problem>;
