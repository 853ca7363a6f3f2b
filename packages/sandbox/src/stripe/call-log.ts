import type { FormFields } from './form-body.ts';

/** One Stripe API call as the double saw it, for tests to assert on. */
export interface RecordedCall {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly params: FormFields;
  readonly idempotencyKey: string | null;
  readonly status: number;
  /** The Stripe error `code` (or `type` when it has no code) of a failed call. */
  readonly errorCode: string | null;
  /** Answered from a saved idempotent result rather than executed. */
  readonly isReplayed: boolean;
  /** The id of the injected fault this call met. */
  readonly faultId: string | null;
  readonly at: string;
}
