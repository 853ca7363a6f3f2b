import type { Result } from '@bloxtr8/platform';
import type { FastifyInstance } from 'fastify';
import { sendProblem } from '../problem.ts';

export type WebhookIntake = (
  rawBody: Buffer,
  signature: string | undefined,
) => Promise<
  Result<{ readonly duplicate: boolean }, { readonly code: string; readonly message: string }>
>;

/** How each refusal of the intake is answered. */
function webhookProblemOf(code: string): { status: number; code: string; title: string } {
  if (code === 'NOT_CONFIGURED') {
    return {
      status: 404,
      code: 'WEBHOOKS_NOT_CONFIGURED',
      title: 'Stripe webhooks are not configured here',
    };
  }
  if (code === 'EVENT_MALFORMED') {
    return {
      status: 400,
      code: 'WEBHOOK_EVENT_MALFORMED',
      title: 'The signed event has fields of the wrong type',
    };
  }
  return {
    status: 400,
    code: 'WEBHOOK_SIGNATURE_INVALID',
    title: 'The webhook signature does not verify',
  };
}

/** Webhook deliveries are small; anything larger is not Stripe. */
const WEBHOOK_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * POST /webhooks/stripe. The body stays raw bytes: Stripe signs the exact bytes it sent, so
 * parsing and re-serialising would break verification. Answers 200 for a verified delivery (also a
 * duplicate, so Stripe stops retrying) and 400 problem+json for an unverifiable one.
 */
export function registerStripeWebhookRoute(app: FastifyInstance, intake: WebhookIntake): void {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.post('/webhooks/stripe', async (request, reply) => {
      const signature = request.headers['stripe-signature'];
      const result = await intake(
        request.body as Buffer,
        typeof signature === 'string' ? signature : undefined,
      );
      if (!result.ok)
        return sendProblem(reply, {
          ...webhookProblemOf(result.error.code),
          detail: result.error.message,
        });
      return reply.code(200).send({ received: true, duplicate: result.value.duplicate });
    });
  });
}
