/** The ways the double can send a webhook that a receiver must refuse. */
export const FORGERIES = [
  'wrong_secret',
  'stale_timestamp',
  'tampered_body',
  'missing_signature',
] as const;
export type Forgery = (typeof FORGERIES)[number];

export type DeliveryKind = 'delivery' | 'retry' | 'redelivery' | 'forged';

/** One POST of one event to the endpoint, as recorded for tests to assert on. */
export interface DeliveryAttempt {
  readonly eventId: string;
  readonly eventType: string;
  readonly kind: DeliveryKind;
  /** 1 for the first delivery, counting up through its automatic retries. */
  readonly attempt: number;
  readonly forgery: Forgery | null;
  /** The receiver's HTTP status; `null` when no response came (refused, reset, timed out). */
  readonly status: number | null;
  readonly error: string | null;
  readonly at: string;
}

export function isDelivered(attempt: DeliveryAttempt): boolean {
  return attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
}

export interface PostOutcome {
  readonly status: number | null;
  readonly error: string | null;
}

/** POSTs a webhook body once; never throws, so a broken receiver is a recorded outcome. */
export async function postWebhook(
  url: string,
  payload: string,
  signature: string | null,
  signal: AbortSignal,
): Promise<PostOutcome> {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
    'cache-control': 'no-cache',
  };
  if (signature !== null) headers['stripe-signature'] = signature;
  try {
    const response = await fetch(url, { method: 'POST', headers, body: payload, signal });
    // Read the body so the connection is released for the next delivery.
    await response.arrayBuffer();
    return { status: response.status, error: null };
  } catch (error) {
    return { status: null, error: error instanceof Error ? error.message : String(error) };
  }
}
