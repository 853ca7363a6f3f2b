import type { ActiveSession, User } from '@bloxtr8/identity';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { Problem } from '../problem.ts';

/** What authentication learnt about one request, for the identity routes and hooks. */
export interface IdentityRequestState {
  /** The signed-in user's session (cookie callers). */
  session?: ActiveSession;
  /** The user behind the principal, bot or session. */
  user?: User;
  /** The Discord user the bot vouched for, also when they have not signed up yet. */
  botDiscordUserId?: string;
  /** Why presented credentials were refused (public routes still run, anonymously). */
  refusal?: Problem;
  /** Cookies to send with whatever answer this request gets (a rotated session's new token). */
  readonly cookies: { name: string; value: string; options: CookieSerializeOptions }[];
}

/** Per-request identity state, kept beside the request without decorating Fastify's types. */
export class IdentityRequests {
  readonly #states = new WeakMap<FastifyRequest, IdentityRequestState>();

  of(request: FastifyRequest): IdentityRequestState {
    let state = this.#states.get(request);
    if (state === undefined) {
      state = { cookies: [] };
      this.#states.set(request, state);
    }
    return state;
  }

  peek(request: FastifyRequest): IdentityRequestState | undefined {
    return this.#states.get(request);
  }
}
