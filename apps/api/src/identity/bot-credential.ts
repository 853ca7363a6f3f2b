import { createHash, timingSafeEqual } from 'node:crypto';
import { DISCORD_SNOWFLAKE } from '@bloxtr8/identity';
import type { Result, Secret } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { FastifyRequest } from 'fastify';
import type { Problem } from '../problem.ts';
import { PROBLEMS } from './identity-problems.ts';

const BOT_SCHEME = /^Bot ([\x21-\x7e]{1,512})$/;

/**
 * A browser adds at least one of these to every request it makes (fetch, forms, navigation):
 * the bot, a server process, never does. A bot token pasted into a page is thus useless there.
 * `Sec-Fetch-Mode` alone is no signal: Node's own fetch (undici) sends `Sec-Fetch-Mode: cors` on
 * every request, while browsers always send `Sec-Fetch-Site` and `Sec-Fetch-Dest` with it.
 */
export function hasBrowserSignals(request: FastifyRequest): boolean {
  const headers = request.headers;
  if (headers.origin !== undefined || headers.cookie !== undefined) return true;
  return Object.keys(headers).some(
    (name) => name.startsWith('sec-fetch-') && name !== 'sec-fetch-mode',
  );
}

/**
 * Checks `Authorization: Bot <token>` plus `X-Discord-User-Id`: refused from browsers, token
 * compared in constant time (both sides hashed first, so lengths never differ), snowflake shape.
 */
export function verifyBotCredential(
  request: FastifyRequest,
  authorization: string,
  botToken: Secret | undefined,
): Result<{ readonly discordUserId: string }, Problem> {
  const match = BOT_SCHEME.exec(authorization);
  if (match === null) return err(PROBLEMS.credentialUnsupported);
  if (hasBrowserSignals(request)) return err(PROBLEMS.botFromBrowser);
  if (botToken === undefined || !isSameSecret(match[1] ?? '', botToken.reveal())) {
    return err(PROBLEMS.botCredentialInvalid);
  }
  const discordUserId = request.headers['x-discord-user-id'];
  if (typeof discordUserId !== 'string' || !DISCORD_SNOWFLAKE.test(discordUserId)) {
    return err(PROBLEMS.discordUserIdInvalid);
  }
  return ok({ discordUserId });
}

function isSameSecret(presented: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
