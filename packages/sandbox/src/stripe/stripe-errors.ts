import { formatAmount } from './currencies.ts';

export type StripeErrorType =
  | 'api_error'
  | 'card_error'
  | 'idempotency_error'
  | 'invalid_request_error';

/** The `error` member of a Stripe error body. Absent fields are left out, as Stripe does. */
export interface StripeErrorObject {
  readonly type: StripeErrorType;
  readonly message: string;
  readonly code?: string;
  readonly decline_code?: string;
  readonly param?: string;
  readonly doc_url?: string;
  readonly charge?: string;
  readonly payment_intent?: object;
}

/** An error response: the HTTP status and Stripe's error object. */
export interface StripeFailure {
  readonly status: number;
  readonly error: StripeErrorObject;
  /** Sent as `Stripe-Should-Retry`, which the SDK obeys before its own status rules. */
  readonly shouldRetry?: boolean;
}

interface ErrorDetails {
  readonly code?: string;
  readonly param?: string;
  readonly payment_intent?: object;
}

function invalidRequest(
  status: number,
  message: string,
  details: ErrorDetails = {},
): StripeFailure {
  return { status, error: withDocUrl({ type: 'invalid_request_error', message, ...details }) };
}

/** Stripe links every coded error to its page in the error-code reference. */
function withDocUrl(error: StripeErrorObject): StripeErrorObject {
  return error.code === undefined
    ? error
    : {
        ...error,
        doc_url: `https://stripe.com/docs/error-codes/${error.code.replaceAll('_', '-')}`,
      };
}

export function missingApiKey(): StripeFailure {
  return invalidRequest(
    401,
    "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
  );
}

export function invalidApiKey(maskedKey: string): StripeFailure {
  return invalidRequest(401, `Invalid API Key provided: ${maskedKey}`, { code: 'api_key_invalid' });
}

export function unrecognizedUrl(method: string, path: string): StripeFailure {
  return invalidRequest(
    404,
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  );
}

export function malformedBody(message: string): StripeFailure {
  return invalidRequest(400, `Invalid request: ${message}`);
}

export function notModelled(what: string): StripeFailure {
  return invalidRequest(400, `The Stripe test double does not model ${what}.`);
}

export function missingParameter(param: string): StripeFailure {
  return invalidRequest(400, `Missing required param: ${param}.`, {
    code: 'parameter_missing',
    param,
  });
}

export function missingOneOf(params: readonly string[]): StripeFailure {
  return invalidRequest(
    400,
    `One of the following params should be provided for this request: ${params.join(' or ')}.`,
    { code: 'parameter_missing' },
  );
}

export function unknownParameter(param: string): StripeFailure {
  return invalidRequest(400, `Received unknown parameter: ${param}`, {
    code: 'parameter_unknown',
    param,
  });
}

export function invalidInteger(param: string, raw: string): StripeFailure {
  return invalidRequest(400, `Invalid integer: ${raw}`, {
    code: 'parameter_invalid_integer',
    param,
  });
}

export function integerBelowMinimum(param: string, minimum: number): StripeFailure {
  return invalidRequest(400, `This value must be greater than or equal to ${minimum}.`, {
    code: 'parameter_invalid_integer',
    param,
  });
}

export function invalidParameter(param: string, message: string): StripeFailure {
  return invalidRequest(400, message, { code: 'parameter_invalid_string', param });
}

export function amountTooSmall(minimum: number, currency: string): StripeFailure {
  return invalidRequest(
    400,
    `Amount must be at least ${formatAmount(minimum, currency)} ${currency}`,
    {
      code: 'amount_too_small',
      param: 'amount',
    },
  );
}

export function amountTooLarge(maximum: number, currency: string): StripeFailure {
  return invalidRequest(
    400,
    `Amount must be no more than ${formatAmount(maximum, currency)} ${currency}`,
    {
      code: 'amount_too_large',
      param: 'amount',
    },
  );
}

export function invalidCurrency(raw: string, supported: readonly string[]): StripeFailure {
  return invalidRequest(
    400,
    `Invalid currency: ${raw}. Stripe currently supports these currencies: ${supported.join(', ')}`,
    { param: 'currency' },
  );
}

/** A missing object: 404 when its id is in the path, 400 when it is a parameter's value. */
export function resourceMissing(
  kind: string,
  id: string,
  param: string,
  status = 404,
): StripeFailure {
  return invalidRequest(status, `No such ${kind}: '${id}'`, { code: 'resource_missing', param });
}

export function idempotencyKeyReused(key: string): StripeFailure {
  return idempotencyError(
    400,
    `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
  );
}

export function idempotencyKeyOtherEndpoint(
  key: string,
  first: string,
  now: string,
): StripeFailure {
  return idempotencyError(
    400,
    `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${first}' vs '${now}'). Try using a key other than '${key}' if you meant to execute a different request.`,
  );
}

export function idempotencyKeyInFlight(key: string): StripeFailure {
  return idempotencyError(
    409,
    `There is currently another in-progress request using this idempotent key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
  );
}

export function idempotencyKeyTooLong(lengthMax: number): StripeFailure {
  return invalidRequest(400, `Idempotency keys can be at most ${lengthMax} characters long.`);
}

function idempotencyError(status: number, message: string): StripeFailure {
  return { status, error: { type: 'idempotency_error', message } };
}

export function cannotCancelPaymentIntent(
  paymentIntent: { readonly status: string },
  cancelable: readonly string[],
): StripeFailure {
  return invalidRequest(
    400,
    `You cannot cancel this PaymentIntent because it has a status of ${paymentIntent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${cancelable.join(', ')}.`,
    { code: 'payment_intent_unexpected_state', payment_intent: paymentIntent },
  );
}

export function balanceInsufficient(): StripeFailure {
  return invalidRequest(
    400,
    'You have insufficient funds in your Stripe account for this transfer. Your card balance is too low.  You can use the /v1/balance endpoint to view your Stripe balance (for more details, see stripe.com/docs/api#balance).',
    { code: 'balance_insufficient' },
  );
}

export function noSuchDestination(destination: string): StripeFailure {
  return resourceMissing('destination', destination, 'destination', 400);
}

export function destinationCannotReceiveTransfers(): StripeFailure {
  return invalidRequest(
    400,
    'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments',
    { code: 'insufficient_capabilities_for_transfer', param: 'destination' },
  );
}

export function noSuccessfulCharge(paymentIntentId: string): StripeFailure {
  return invalidRequest(
    400,
    `This PaymentIntent (${paymentIntentId}) does not have a successful charge to refund.`,
    { param: 'payment_intent' },
  );
}

export function chargeAlreadyRefunded(chargeId: string): StripeFailure {
  return invalidRequest(400, `Charge ${chargeId} has already been refunded.`, {
    code: 'charge_already_refunded',
  });
}

/** Stripe words the message differently once part of the charge has been refunded. */
export function refundTooLarge(
  amount: number,
  remaining: number,
  isPartlyRefunded: boolean,
  currency: string,
): StripeFailure {
  const what = isPartlyRefunded ? 'unrefunded amount on charge' : 'charge amount';
  return invalidRequest(
    400,
    `Refund amount (${formatAmount(amount, currency)}) is greater than ${what} (${formatAmount(remaining, currency)})`,
    { code: 'amount_too_large', param: 'amount' },
  );
}

export function invalidSearchQuery(message: string): StripeFailure {
  return invalidRequest(400, `Invalid query: ${message}`, { param: 'query' });
}

export function rateLimited(): StripeFailure {
  return invalidRequest(
    429,
    'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.',
    { code: 'rate_limit' },
  );
}

export function apiError(message = 'An unknown error occurred'): StripeFailure {
  return { status: 500, error: { type: 'api_error', message } };
}

/** What a double holding too many objects answers, instead of growing without bound. */
export function storageFull(objectsMax: number): StripeFailure {
  return apiError(
    `The Stripe test double holds its maximum of ${objectsMax} objects; reset it to go on.`,
  );
}
