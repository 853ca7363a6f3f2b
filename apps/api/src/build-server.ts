import type { Database } from '@bloxtr8/db';
import type { Logger } from '@bloxtr8/platform';
import { newId } from '@bloxtr8/platform';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { fastify, LogController } from 'fastify';
import { installErrorHandling } from './error-handling.ts';
import { registerHealthRoutes } from './routes/health.ts';
import type { WebhookIntake } from './routes/stripe-webhook.ts';
import { registerStripeWebhookRoute } from './routes/stripe-webhook.ts';

export interface ServerDependencies {
  readonly db: Database;
  readonly logger: Logger;
  /** Where verified Stripe deliveries go; the route exists only when payments run here. */
  readonly stripeWebhooks?: WebhookIntake;
}

/** Largest JSON body accepted; webhooks and API calls are far smaller. */
const BODY_LIMIT_BYTES = 256 * 1024;

/** The HTTP gateway, with no socket yet: `listen` it, or `inject` requests in tests. */
export function buildServer(dependencies: ServerDependencies): FastifyInstance {
  const app = fastify({
    // Our pino logger, typed as Fastify's base logger so routes see one FastifyInstance type.
    loggerInstance: dependencies.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    requestIdHeader: false,
    genReqId: () => newId(),
    // One line per request would drown the logs at the loads we target; failures are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installErrorHandling(app);
  registerHealthRoutes(app, dependencies.db);
  if (dependencies.stripeWebhooks !== undefined)
    registerStripeWebhookRoute(app, dependencies.stripeWebhooks);
  return app;
}
