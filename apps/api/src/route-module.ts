import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

/**
 * A group of routes the gateway serves. Each service contributes its own (escrow API, identity,
 * marketplace…); the composition root decides which a process serves.
 */
export type RouteModule = (app: FastifyInstance) => void;

/** The instance to declare routes on: validation, serialisation and OpenAPI from zod schemas. */
export function zodRoutes(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}
