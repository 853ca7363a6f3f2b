import type { Secret } from '@bloxtr8/platform';
import { fastifyRateLimit } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { sendProblem } from '../problem.ts';
import type { IdentityRequests } from './identity-request-state.ts';

export interface RateLimitSettings {
  /** Requests per caller per window. */
  readonly perMinute: number;
  /**
   * Forged-looking credentials (unknown session token, wrong bot token, wrong CSRF token) per
   * address per window before the address is refused altogether; 30 by default.
   */
  readonly forgedCredentialsPerMinute?: number;
  /** Shared counters for several gateway processes; in this process's memory when absent. */
  readonly redisUrl?: Secret;
  /** Prefix of the Redis keys, e.g. per environment (or per test). */
  readonly keyPrefix?: string;
  /** 60 s unless a test wants it shorter. */
  readonly windowMs?: number;
}

const DEFAULT_KEY_PREFIX = 'bloxtr8:rate-limit:';
const DEFAULT_FORGED_CREDENTIALS_PER_MINUTE = 30;

/**
 * Refusals that mean someone is guessing: a token we never issued, or a CSRF token that does not
 * match. Expired sessions and Discord users who have not signed up are honest and never counted.
 */
const FORGED_CREDENTIAL_CODES = new Set([
  'SESSION_INVALID',
  'BOT_CREDENTIAL_INVALID',
  'CSRF_TOKEN_INVALID',
]);

/**
 * Probes and provider callbacks are not callers to throttle: a limit there only loses data.
 * Discord's signed interactions come from Discord's few addresses for everyone; the bot's calls
 * that follow are limited per user.
 */
function isExempt(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  return (
    url === '/health' ||
    url === '/ready' ||
    url === '/interactions' ||
    url?.startsWith('/webhooks/') === true
  );
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
type LimitResult = Awaited<ReturnType<Limiter>>;

/**
 * Requests per minute per caller: per user once authenticated (the bot acts for many users from
 * one address, so an address-wide limit would throttle them all together), per Discord user for
 * the bot's sign-ups, per IP address otherwise. It runs after access control (so the caller is
 * known) and before body validation. Besides, an address that keeps presenting forged credentials
 * is refused before anything else runs. Over a limit: 429 problem+json RATE_LIMITED with
 * Retry-After. A Redis outage lets requests through rather than taking the API down.
 */
export function rateLimitPlugin(
  settings: RateLimitSettings,
  requests: IdentityRequests,
): (app: FastifyInstance) => Promise<void> {
  const keyOf = (request: FastifyRequest): string => {
    if (request.principal !== null) return `user:${request.principal.userId}`;
    const discordUserId = requests.peek(request)?.botDiscordUserId;
    if (discordUserId !== undefined) return `discord:${discordUserId}`;
    return `ip:${request.ip}`;
  };
  return async (app) => {
    const redis =
      settings.redisUrl === undefined ? undefined : await connectRedis(app, settings.redisUrl);
    await app.register(fastifyRateLimit, {
      global: false,
      max: settings.perMinute,
      timeWindow: settings.windowMs ?? 60_000,
      skipOnError: true,
      keyGenerator: keyOf,
      ...(redis === undefined
        ? {}
        : { redis, nameSpace: settings.keyPrefix ?? DEFAULT_KEY_PREFIX }),
    });
    const perCaller = app.createRateLimit();
    const forgeries = app.createRateLimit({
      max: settings.forgedCredentialsPerMinute ?? DEFAULT_FORGED_CREDENTIALS_PER_MINUTE,
      keyGenerator: (request) => `forged:ip:${request.ip}`,
    });

    app.addHook('onRequest', async (request, reply) => {
      if (isExempt(request)) return;
      const result = await forgeries(request, { increment: false });
      if (!result.isAllowed && result.isExceeded) return refuse(reply, result);
    });
    app.addHook('preValidation', async (request, reply) => {
      if (isExempt(request)) return;
      const result = await perCaller(request);
      if (result.isAllowed) return;
      reply
        .header('x-ratelimit-limit', result.max)
        .header('x-ratelimit-remaining', result.remaining)
        .header('x-ratelimit-reset', result.ttlInSeconds);
      if (result.isExceeded) return refuse(reply, result);
    });
    // Counted before the answer leaves, so the caller's next request already sees the count.
    app.addHook('onSend', async (request, _reply, payload) => {
      const code = requests.peek(request)?.refusal?.code;
      if (code !== undefined && FORGED_CREDENTIAL_CODES.has(code)) await forgeries(request);
      return payload;
    });
  };
}

function refuse(reply: FastifyReply, result: Exclude<LimitResult, { isAllowed: true }>) {
  const retryAfterSeconds = Math.max(1, result.ttlInSeconds);
  reply.header('retry-after', retryAfterSeconds);
  return sendProblem(reply, {
    status: 429,
    code: 'RATE_LIMITED',
    title: 'Too many requests',
    detail: `at most ${result.max} per ${Math.round(result.timeWindow / 1000)} s; retry in ${retryAfterSeconds} s`,
  });
}

/** Connects at start, so a wrong REDIS_URL stops the process instead of every request waiting. */
async function connectRedis(app: FastifyInstance, url: Secret): Promise<Redis> {
  const redis = new Redis(url.reveal(), {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1_000,
    connectTimeout: 5_000,
  });
  redis.on('error', (error: Error) =>
    app.log.warn({ err: error.message }, 'rate-limit Redis error'),
  );
  await redis.connect();
  app.addHook('onClose', async () => {
    await redis.quit();
  });
  return redis;
}
