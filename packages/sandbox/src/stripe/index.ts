export type { DoubleLogger } from './api-pipeline.ts';
export type { RecordedCall } from './call-log.ts';
export type { CardDecline, DeclineCode } from './card-declines.ts';
export { cardDeclined, DECLINE_CODES } from './card-declines.ts';
export type {
  TDeclinePayment,
  TFailRefund,
  TFlushWebhooks,
  TForgeEvent,
  TRedeliverEvent,
  TRegisterAccount,
  TReleaseWebhooks,
  TReverseTransfer,
  TSettings,
  TSucceedPayment,
  TWebhookEndpoint,
} from './control-schemas.ts';
export type { DoubleSettings } from './double-context.ts';
export type { FaultSpec } from './fault-plan.ts';
export { drawStripeIdsFrom } from './ids.ts';
export type { RefundFailureReason } from './money-lifecycle.ts';
export { REFUND_FAILURE_REASONS } from './money-lifecycle.ts';
export type { AccountLinkRecord, ConnectedAccount, StripeEvent } from './object-store.ts';
export type {
  ReceivedWebhook,
  RecordingWebhookReceiver,
} from './recording-webhook-receiver.ts';
export { startRecordingWebhookReceiver } from './recording-webhook-receiver.ts';
export type {
  StripeDouble,
  StripeDoubleLimits,
  StripeDoubleOptions,
} from './start-stripe-double.ts';
export { startStripeDouble } from './start-stripe-double.ts';
export { DOUBLE_TEST_API_KEY, stripeClientFor } from './stripe-client-for.ts';
export type { DoubleObjects } from './stripe-double-control.ts';
export { StripeDoubleControl, StripeDoubleControlError } from './stripe-double-control.ts';
export type { StripeErrorObject, StripeErrorType, StripeFailure } from './stripe-errors.ts';
export {
  apiError,
  balanceInsufficient,
  destinationCannotReceiveTransfers,
  noSuchDestination,
  rateLimited,
} from './stripe-errors.ts';
export type { DeliveryAttempt, DeliveryKind, Forgery } from './webhook-attempt.ts';
export { FORGERIES } from './webhook-attempt.ts';
export type { ReleaseOrder, WebhookEndpoint, WebhookRetryPolicy } from './webhook-dispatcher.ts';
