import { PermanentError } from '@bloxtr8/bus';
import { err, ok } from '@bloxtr8/platform';
import { describe, expect, it } from 'vitest';
import { answerOf, foundOf, ProviderUnavailableError } from './payments-deps.ts';

describe("a provider's answer as the handlers take it", () => {
  it('reports a final refusal and retries an outage', () => {
    const refusal = { code: 'balance_insufficient', message: 'no', retryable: false };
    expect(answerOf(err(refusal))).toEqual({ refusal });
    expect(() => answerOf(err({ code: 'api_error', message: 'down', retryable: true }))).toThrow(
      ProviderUnavailableError,
    );
  });

  it('dead-letters a key reused with other parameters rather than reporting it as a refusal', () => {
    const reused = {
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: 'other parameters',
      retryable: false,
    };
    expect(() => answerOf(err(reused))).toThrow(PermanentError);
  });

  it('never reads a refused look-up as "nothing there"', () => {
    expect(foundOf(ok(undefined))).toBeUndefined();
    const refused = { code: 'resource_missing', message: 'no such payment', retryable: false };
    expect(() => foundOf(err(refused))).toThrow(PermanentError);
  });
});
