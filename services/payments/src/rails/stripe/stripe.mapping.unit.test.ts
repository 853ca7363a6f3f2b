import { Stripe } from 'stripe';
import { describe, expect, it } from 'vitest';
import { failureFromStripeError } from './stripe.mapping.ts';

/** An error exactly as the official SDK raises it for Stripe's answer. */
function sdkError(statusCode: number, raw: Record<string, string>) {
  return Stripe.errors.StripeError.generate({ statusCode, message: 'from Stripe', ...raw });
}

describe('Stripe errors as rail failures', () => {
  it('retries a request still in progress under its key, without calling it an outage', () => {
    expect(failureFromStripeError(sdkError(409, { type: 'idempotency_error' }))).toEqual({
      code: 'IDEMPOTENCY_KEY_IN_USE',
      message: 'from Stripe',
      retryable: true,
      inProgress: true,
    });
  });

  it('never retries a key reused with other parameters: that is our bug', () => {
    expect(failureFromStripeError(sdkError(400, { type: 'idempotency_error' }))).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      retryable: false,
    });
  });

  it('calls a destination that does not exist or cannot be used an invalid payout account, for good', () => {
    const missing = sdkError(400, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'destination',
    });
    const invalid = sdkError(400, { type: 'invalid_request_error', code: 'account_invalid' });
    for (const error of [missing, invalid]) {
      expect(failureFromStripeError(error)).toMatchObject({
        code: 'PAYOUT_ACCOUNT_INVALID',
        retryable: false,
      });
    }
  });

  it('tells an account that cannot receive transfers yet from one that does not exist', () => {
    const restricted = sdkError(400, {
      type: 'invalid_request_error',
      code: 'insufficient_capabilities_for_transfer',
      param: 'destination',
    });
    const otherMissing = sdkError(404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
    });
    expect(failureFromStripeError(restricted)).toMatchObject({
      code: 'PAYOUT_ACCOUNT_NOT_READY',
      retryable: false,
    });
    expect(failureFromStripeError(otherMissing)).toMatchObject({
      code: 'resource_missing',
      retryable: false,
    });
  });

  it('retries outages and keeps the provider’s code for other refusals', () => {
    expect(failureFromStripeError(sdkError(500, { type: 'api_error' }))).toMatchObject({
      retryable: true,
    });
    expect(
      failureFromStripeError(
        sdkError(400, { type: 'invalid_request_error', code: 'balance_insufficient' }),
      ),
    ).toMatchObject({ code: 'balance_insufficient', retryable: false });
  });
});
