import type { Database } from '@bloxtr8/db';
import type { Logger, TrustProxy } from '@bloxtr8/platform';
import { newId } from '@bloxtr8/platform';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { fastify, LogController } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { installAccessControl } from './auth/access.ts';
import type { Authenticator } from './auth/authenticator.ts';
import { ANONYMOUS_ONLY } from './auth/authenticator.ts';
import { installErrorHandling } from './error-handling.ts';
import { answerConnectionError, answerFrameworkError } from './framework-errors.ts';
import { installOpenApi } from './openapi.ts';
import type { RouteModule } from './route-module.ts';
import { registerHealthRoutes } from './routes/health.ts';
import type { WebhookIntake } from './routes/stripe-webhook.ts';
import { registerStripeWebhookRoute } from './routes/stripe-webhook.ts';
import { installSecurityHeaders } from './security-headers.ts';
import { hygienicValidatorCompiler } from './validation/hygienic-validator-compiler.ts';

export interface ServerDependencies {
  readonly db: Database;
  readonly logger: Logger;
  /** Who is calling; anonymous-only when this process serves no signed-in routes. */
  readonly authenticator?: Authenticator;
  /** Where verified Stripe deliveries go; the route exists only when payments run here. */
  readonly stripeWebhooks?: WebhookIntake;
  /** The routes this process serves besides health, docs and webhooks. */
  readonly routes?: readonly RouteModule[];
  /** Extra setup before routes (e.g. rate limits), in order. */
  readonly plugins?: ReadonlyArray<(app: FastifyInstance) => Promise<void>>;
  /**
   * Which peers' X-Forwarded-For names the client (`request.ip`, which the rate limits and the
   * audit log use); nobody's unless given.
   */
  readonly trustProxy?: TrustProxy;
}

/** Largest JSON body accepted; webhooks and API calls are far smaller. */
const BODY_LIMIT_BYTES = 256 * 1024;

/** The HTTP gateway, with no socket yet: `listen` it, or `inject` requests in tests. */
export async function buildServer(dependencies: ServerDependencies): Promise<FastifyInstance> {
  const app = fastify({
    // Our pino logger, typed as Fastify's base logger so routes see one FastifyInstance type.
    loggerInstance: dependencies.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    requestIdHeader: false,
    genReqId: () => newId(),
    trustProxy: trustProxyOption(dependencies.trustProxy ?? false),
    // One line per request would drown the logs at the loads we target; failures are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerConnectionError,
  });
  app.setValidatorCompiler(hygienicValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installErrorHandling(app);
  await installSecurityHeaders(app);
  installAccessControl(app, dependencies.authenticator ?? ANONYMOUS_ONLY);
  for (const plugin of dependencies.plugins ?? []) await plugin(app);
  await installOpenApi(app);
  registerHealthRoutes(app, dependencies.db);
  if (dependencies.stripeWebhooks !== undefined)
    registerStripeWebhookRoute(app, dependencies.stripeWebhooks);
  for (const register of dependencies.routes ?? []) register(app);
  await app.ready();
  return app;
}

/**
 * Fastify takes peers as they are, but refuses a bare hop count since 5.12 (it cannot tell the
 * proxy from a client that reaches the gateway directly): a hop count is the operator's promise
 * that only the proxies reach it (ADR 0016), so it is given as the function it means.
 */
function trustProxyOption(trustProxy: TrustProxy) {
  if (trustProxy === false) return false;
  if (typeof trustProxy === 'number') return (_address: string, hop: number) => hop < trustProxy;
  return [...trustProxy];
}
