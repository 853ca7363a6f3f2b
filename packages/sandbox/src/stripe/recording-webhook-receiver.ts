import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Stripe } from 'stripe';
import { readBody } from './http-io.ts';

/** One webhook request as it arrived, and what the SDK's verification made of it. */
export interface ReceivedWebhook {
  readonly rawBody: string;
  readonly signature: string | null;
  /** The verified event, or `null` when `constructEvent` refused the request. */
  readonly event: Stripe.Event | null;
  readonly verificationError: string | null;
  readonly status: number;
}

export interface RecordingWebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** Answer the next requests with these statuses (after verification passed), then 200. */
  respondWith(statuses: readonly number[]): void;
  /** Resolves once `count` requests have been received, or fails after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/**
 * A webhook endpoint on loopback for tests, verifying each request exactly as a Stripe
 * integration does, with the SDK's own `stripe.webhooks.constructEvent`: 400 when the signature
 * does not verify, otherwise 200 (or a scripted status, to exercise retries).
 */
export async function startRecordingWebhookReceiver(
  secret: string,
): Promise<RecordingWebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const scripted: number[] = [];
  const server = createServer((request, response) => {
    void receive(request, response, secret, scripted).then((entry) => received.push(entry));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    received,
    respondWith: (statuses) => scripted.push(...statuses),
    waitFor: (count, timeoutMs = 5_000) => waitForCount(received, count, timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function receive(
  request: IncomingMessage,
  response: ServerResponse,
  secret: string,
  scripted: number[],
): Promise<ReceivedWebhook> {
  const rawBody = (await readBody(request)) ?? '';
  const header = request.headers['stripe-signature'];
  const signature = typeof header === 'string' ? header : null;
  let event: Stripe.Event | null = null;
  let verificationError: string | null = null;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature ?? '', secret);
  } catch (error) {
    verificationError = error instanceof Error ? error.message : String(error);
  }
  const status = event === null ? 400 : (scripted.shift() ?? 200);
  response.writeHead(status, { 'content-type': 'application/json' }).end('{"received":true}');
  return { rawBody, signature, event, verificationError, status };
}

async function waitForCount(
  received: readonly ReceivedWebhook[],
  count: number,
  timeoutMs: number,
): Promise<ReceivedWebhook[]> {
  const deadline = Date.now() + timeoutMs;
  while (received.length < count) {
    if (Date.now() > deadline) {
      throw new Error(`expected ${count} webhooks within ${timeoutMs} ms, got ${received.length}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return [...received];
}
