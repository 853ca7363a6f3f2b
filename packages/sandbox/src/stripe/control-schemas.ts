import { z } from 'zod';
import { DECLINE_CODES } from './card-declines.ts';
import { AMOUNT_MAX, isSupportedCurrency } from './currencies.ts';
import { REFUND_FAILURE_REASONS } from './money-lifecycle.ts';
import { FORGERIES } from './webhook-attempt.ts';

/** Request bodies of the control API, validated at its edge. */

const ZAmount = z.number().int().min(1).max(AMOUNT_MAX);
const ZCurrency = z.string().refine(isSupportedCurrency, 'an unsupported currency');

/** Webhooks only ever go to this machine: the double must not reach any other address. */
function isLoopbackUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  const isHttp = url.protocol === 'http:' || url.protocol === 'https:';
  return isHttp && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

export const ZRegisterAccount = z.strictObject({
  id: z
    .string()
    .regex(/^acct_[0-9A-Za-z]{1,40}$/)
    .optional(),
  transfersEnabled: z.boolean().optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  defaultCurrency: ZCurrency.optional(),
});

export const ZWebhookEndpoint = z.strictObject({
  url: z.url().refine(isLoopbackUrl, 'webhooks may only go to a loopback address'),
  secret: z
    .string()
    .regex(/^whsec_\S+$/)
    .optional(),
});

export const ZSucceedPayment = z.strictObject({
  amount: ZAmount.optional(),
  currency: ZCurrency.optional(),
  clientSecret: z.string().optional(),
});

export const ZDeclinePayment = z.strictObject({
  declineCode: z.enum(DECLINE_CODES).optional(),
  clientSecret: z.string().optional(),
});

export const ZReverseTransfer = z.strictObject({ amount: ZAmount.optional() });

export const ZFailRefund = z.strictObject({
  failureReason: z.enum(REFUND_FAILURE_REASONS).optional(),
});

export const ZSettings = z.strictObject({
  refundsStartPending: z.boolean().optional(),
  searchIndexLagMs: z.number().int().min(0).max(3_600_000).optional(),
  fundsPendingSeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 3600)
    .optional(),
});

const ZStripeFailure = z.strictObject({
  status: z.number().int().min(400).max(599),
  error: z.strictObject({
    type: z.enum(['api_error', 'card_error', 'idempotency_error', 'invalid_request_error']),
    message: z.string(),
    code: z.string().optional(),
    decline_code: z.string().optional(),
    param: z.string().optional(),
    doc_url: z.string().optional(),
    charge: z.string().optional(),
  }),
  shouldRetry: z.boolean().optional(),
});

export const ZFaultSpec = z.strictObject({
  method: z.enum(['GET', 'POST', '*']).optional(),
  path: z.string().startsWith('/v1/'),
  times: z.number().int().min(1).max(1000).optional(),
  failure: ZStripeFailure.optional(),
  delayMs: z.number().int().min(0).max(120_000).optional(),
  takesEffect: z.boolean().optional(),
  resetConnection: z.boolean().optional(),
});

export const ZReleaseWebhooks = z.strictObject({
  order: z.enum(['created', 'reversed', 'shuffled']).optional(),
});

export const ZDeliverEvents = z.strictObject({
  eventIds: z.array(z.string()).min(1).max(1000),
});

export const ZRedeliverEvent = z.strictObject({
  eventId: z.string(),
  times: z.number().int().min(1).max(100).optional(),
});

export const ZForgeEvent = z.strictObject({
  eventId: z.string(),
  forgery: z.enum(FORGERIES),
  ageSeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 3600)
    .optional(),
});

export const ZFlushWebhooks = z.strictObject({
  timeoutMs: z.number().int().min(1).max(120_000).optional(),
});

export type TRegisterAccount = z.input<typeof ZRegisterAccount>;
export type TWebhookEndpoint = z.input<typeof ZWebhookEndpoint>;
export type TSucceedPayment = z.input<typeof ZSucceedPayment>;
export type TDeclinePayment = z.input<typeof ZDeclinePayment>;
export type TReverseTransfer = z.input<typeof ZReverseTransfer>;
export type TFailRefund = z.input<typeof ZFailRefund>;
export type TSettings = z.input<typeof ZSettings>;
export type TReleaseWebhooks = z.input<typeof ZReleaseWebhooks>;
export type TRedeliverEvent = Omit<z.input<typeof ZRedeliverEvent>, 'eventId'>;
export type TForgeEvent = Omit<z.input<typeof ZForgeEvent>, 'eventId'>;
export type TFlushWebhooks = z.input<typeof ZFlushWebhooks>;
