import type { Logger } from '@bloxtr8/platform';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { fastify, LogController } from 'fastify';
import type { InteractionsEndpointOptions } from './interactions-endpoint.ts';
import { interactionsEndpoint } from './interactions-endpoint.ts';

/** Interactions are a few kilobytes; Discord never sends more than this. */
const BODY_LIMIT_BYTES = 256 * 1024;

/**
 * The bot alone (`bloxtr8 run bot`): `POST /interactions` and `GET /health`, nothing else. It
 * keeps no state, so any number of these can sit behind one address.
 */
export async function buildBotServer(
  options: InteractionsEndpointOptions & { readonly logger: Logger },
): Promise<FastifyInstance> {
  const app = fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.get('/health', async () => ({ status: 'ok' }));
  await interactionsEndpoint(options)(app);
  await app.ready();
  return app;
}
