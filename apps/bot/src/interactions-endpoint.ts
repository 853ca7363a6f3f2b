import type { MessageBody } from '@bloxtr8/discord-kit';
import { DiscordAPIError } from '@discordjs/rest';
import type { APIInteraction } from 'discord-api-types/v10';
import {
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  RESTJSONErrorCodes,
  Routes,
} from 'discord-api-types/v10';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { HandlerSet } from './dispatch-interaction.ts';
import { dispatchInteraction } from './dispatch-interaction.ts';
import type { Answer, BotDependencies } from './interaction-context.ts';
import { note } from './replies.ts';
import { interactionKeyOf, isGenuineInteraction } from './verify-interaction.ts';

export interface InteractionsEndpointOptions {
  /** The application's public key (DISCORD_PUBLIC_KEY or the sandbox's), 64 hex characters. */
  readonly publicKeyHex: string;
  readonly deps: BotDependencies;
  readonly handlers: HandlerSet;
  /** Unix seconds now; the replay window is measured against it. */
  readonly nowSeconds?: () => number;
}

export const INTERACTIONS_PATH = '/interactions';

const UNSIGNED = {
  type: '/problems/interaction-signature-invalid',
  title: 'The interaction is not signed by Discord',
  status: 401,
  code: 'INTERACTION_SIGNATURE_INVALID',
};

/**
 * `POST /interactions`, Discord's interactions endpoint, as a Fastify plugin: `bloxtr8 start`
 * mounts it on the gateway's server and `bloxtr8 run bot` serves it alone. The raw body's
 * signature is checked before anything else; PING answers PONG; everything else goes to its
 * handler. Deferred work finishes through the interaction's webhook after the answer has left;
 * closing the server waits for it. The bot holds nothing between interactions.
 */
export function interactionsEndpoint(options: InteractionsEndpointOptions) {
  const key = interactionKeyOf(options.publicKeyHex);
  const nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const pending = new Set<Promise<void>>();
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (scope) => {
      // The signature covers the exact bytes Discord sent: keep them, parse after checking.
      scope.removeContentTypeParser('application/json');
      scope.addContentTypeParser(
        'application/json',
        { parseAs: 'buffer' },
        (_request, body, done) => done(null, body),
      );
      scope.post(INTERACTIONS_PATH, { schema: { hide: true } }, async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const headers = {
          signature: request.headers['x-signature-ed25519'],
          timestamp: request.headers['x-signature-timestamp'],
        };
        if (!isGenuineInteraction(key, headers, raw, nowSeconds())) {
          return reply.code(401).type('application/problem+json').send(UNSIGNED);
        }
        const interaction = JSON.parse(raw.toString('utf8')) as APIInteraction;
        if (interaction.type === InteractionType.Ping)
          return { type: InteractionResponseType.Pong };
        const answer = await dispatchInteraction(options.handlers, options.deps, interaction);
        return answerWith(reply, answer, interaction, options.deps, pending);
      });
    });
    app.addHook('onClose', async () => {
      await Promise.allSettled([...pending]);
    });
  };
}

function answerWith(
  reply: FastifyReply,
  answer: Answer,
  interaction: APIInteraction,
  deps: BotDependencies,
  pending: Set<Promise<void>>,
): FastifyReply {
  if (answer.kind === 'now') return reply.send(answer.response);
  const running = finishLater(interaction, deps, answer.work).finally(() =>
    pending.delete(running),
  );
  pending.add(running);
  return reply.send(
    answer.update
      ? { type: InteractionResponseType.DeferredMessageUpdate }
      : {
          type: InteractionResponseType.DeferredChannelMessageWithSource,
          data: { flags: MessageFlags.Ephemeral },
        },
  );
}

/** Runs deferred work and edits the interaction's original message with what it made. */
async function finishLater(
  interaction: APIInteraction,
  deps: BotDependencies,
  work: () => Promise<MessageBody>,
): Promise<void> {
  let body: MessageBody;
  try {
    body = await work();
  } catch (error) {
    deps.logger.error({ err: error, interactionId: interaction.id }, 'interaction work failed');
    body = note('Something went wrong on our side. Try again in a moment.');
  }
  try {
    await editOriginal(deps, interaction.token, body);
  } catch (error) {
    deps.logger.error(
      { err: error, interactionId: interaction.id },
      'interaction follow-up failed',
    );
  }
}

/** Tries of the edit while Discord has not yet taken the deferred answer (it says 10008). */
const ORIGINAL_TRIES_MAX = 6;

/**
 * Edits `@original`. Work that is quick may finish before Discord has taken the deferred answer
 * from the other connection; until then the original does not exist (Unknown Message), so the
 * edit is tried again shortly, a bounded number of times.
 */
async function editOriginal(
  deps: BotDependencies,
  token: string,
  body: MessageBody,
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await deps.discord.patch(Routes.webhookMessage(deps.applicationId, token), {
        body,
        auth: false,
      });
      return;
    } catch (error) {
      const notYet =
        error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage;
      if (!notYet || attempt >= ORIGINAL_TRIES_MAX) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}
