import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '@bloxtr8/platform';
import { systemClock } from '@bloxtr8/platform';
import { Stripe } from 'stripe';
import { persistedHandler } from '../persistence/state-file.ts';
import type { ApiDependencies, DoubleLogger } from './api-pipeline.ts';
import { serveApiRequest } from './api-pipeline.ts';
import { BoundedLog } from './bounded-log.ts';
import type { RecordedCall } from './call-log.ts';
import { ZWebhookEndpoint } from './control-schemas.ts';
import type { ControlDependencies } from './control-support.ts';
import type { DoubleContext, DoubleSettings } from './double-context.ts';
import { FaultPlan } from './fault-plan.ts';
import { sendJson } from './http-io.ts';
import { IdempotencyStore } from './idempotency-store.ts';
import { ObjectStore } from './object-store.ts';
import { objectStoreState } from './object-store-snapshot.ts';
import { serveOnboardingRequest } from './sandbox-onboarding-page.ts';
import { serveSandboxRequest } from './sandbox-payment-page.ts';
import { serveControlRequest } from './serve-control-request.ts';
import { StripeDoubleControl } from './stripe-double-control.ts';
import { apiError, unrecognizedUrl } from './stripe-errors.ts';
import type { WebhookRetryPolicy } from './webhook-dispatcher.ts';
import { WebhookDispatcher } from './webhook-dispatcher.ts';

export interface StripeDoubleLimits {
  readonly objectsMax?: number;
  readonly recordedCallsMax?: number;
  readonly idempotencyKeysMax?: number;
  readonly deliveriesRecordedMax?: number;
  /** Webhook deliveries in flight, and events held back, at most. */
  readonly webhookQueueMax?: number;
}

export interface StripeDoubleOptions {
  /** 0 (the default) picks a free port. The double only ever listens on 127.0.0.1. */
  readonly port?: number;
  /** Accept only these API keys; any test-mode key (`sk_test_…`, `rk_test_…`) when absent. */
  readonly apiKeys?: readonly string[];
  /** The events' `api_version`; the installed SDK's version by default. */
  readonly apiVersion?: string;
  readonly clock?: Clock;
  /** Quiet when absent. Only failures are logged, never keys or secrets. */
  readonly logger?: DoubleLogger;
  /** Where webhooks go from the start (and again after `reset()`). Loopback addresses only. */
  readonly webhookEndpoint?: { readonly url: string; readonly secret?: string };
  readonly webhookRetry?: Partial<WebhookRetryPolicy>;
  readonly webhookTimeoutMs?: number;
  readonly refundsStartPending?: boolean;
  readonly searchIndexLagMs?: number;
  /**
   * How long a charge's funds stay pending before they are available: Stripe's standard US card
   * schedule, two days, by default. Transfers beyond the available balance need a
   * `source_transaction`.
   */
  readonly fundsPendingSeconds?: number;
  readonly limits?: StripeDoubleLimits;
  /**
   * Keep the double's objects (accounts, payment intents, charges, transfers, refunds, events) in
   * this JSON file: loaded at start, saved atomically after every request that changed them and
   * on close, so a sandbox survives restarts. In memory only when absent.
   */
  readonly stateFile?: string;
}

export interface StripeDouble {
  /** `http://127.0.0.1:<port>`: the Stripe API under `/v1`, the control API, the sandbox page. */
  readonly url: string;
  readonly port: number;
  readonly control: StripeDoubleControl;
  close(): Promise<void>;
}

/** Stripe's standard payout schedule for US cards: funds become available two days later. */
export const DEFAULT_FUNDS_PENDING_SECONDS = 2 * 24 * 3600;

const QUIET: DoubleLogger = {
  debug: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Starts the Stripe test double on loopback; see README.md beside this file. */
export async function startStripeDouble(options: StripeDoubleOptions = {}): Promise<StripeDouble> {
  const logger = options.logger ?? QUIET;
  const { api, control } = assemble(options, logger);
  await control.reset();
  const persisted = await persistedHandler(
    options.stateFile,
    objectStoreState(api.context.store, logger),
    (request, response) => {
      route(api, control, request, response).catch((error: unknown) => {
        logger.error({ err: error }, 'stripe double: request failed');
        if (!response.headersSent)
          sendJson(response, 500, JSON.stringify({ error: apiError().error }));
      });
    },
  );
  const server = await listen(options.port ?? 0, persisted.handler);
  const url = `http://127.0.0.1:${server.port}`;
  api.context.baseUrl = url;
  return {
    url,
    port: server.port,
    control: new StripeDoubleControl(url),
    close: async () => {
      await api.context.webhooks.reset();
      await server.close();
      await persisted.flush();
    },
  };
}

/** Wires the double's parts together; `reset` brings them back to what `options` asked for. */
function assemble(
  options: StripeDoubleOptions,
  logger: DoubleLogger,
): { api: ApiDependencies; control: ControlDependencies } {
  const clock = options.clock ?? systemClock;
  const limits = options.limits ?? {};
  const initialEndpoint = validatedEndpoint(options.webhookEndpoint);
  const initialSettings: DoubleSettings = {
    refundsStartPending: options.refundsStartPending ?? false,
    searchIndexLagMs: options.searchIndexLagMs ?? 0,
    fundsPendingSeconds: options.fundsPendingSeconds ?? DEFAULT_FUNDS_PENDING_SECONDS,
  };
  const webhooks = new WebhookDispatcher({
    clock,
    retry: { attemptsMax: 8, initialDelayMs: 250, maxDelayMs: 30_000, ...options.webhookRetry },
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
    attemptsRecordedMax: limits.deliveriesRecordedMax ?? 10_000,
    queueMax: limits.webhookQueueMax ?? 1_000,
    onAttempt: (attempt) => {
      if (attempt.status === null || attempt.status >= 300) {
        logger.debug({ attempt }, 'stripe double: webhook not accepted');
      }
    },
  });
  const context: DoubleContext = {
    store: new ObjectStore(limits.objectsMax ?? 100_000),
    clock,
    apiVersion: options.apiVersion ?? Stripe.API_VERSION,
    webhooks,
    settings: { ...initialSettings },
    baseUrl: '',
  };
  const api: ApiDependencies = {
    context,
    idempotency: new IdempotencyStore(limits.idempotencyKeysMax ?? 10_000, clock),
    faults: new FaultPlan(),
    calls: new BoundedLog<RecordedCall>(limits.recordedCallsMax ?? 10_000),
    apiKeys: options.apiKeys ?? null,
    logger,
  };
  const reset = async () => {
    await webhooks.reset();
    context.store.clear();
    api.idempotency.clear();
    api.faults.clear();
    api.calls.clear();
    Object.assign(context.settings, initialSettings);
    if (initialEndpoint !== null) webhooks.setEndpoint(initialEndpoint.url, initialEndpoint.secret);
  };
  return { api, control: { context, faults: api.faults, calls: api.calls, reset } };
}

function validatedEndpoint(
  endpoint: StripeDoubleOptions['webhookEndpoint'],
): { url: string; secret: string | undefined } | null {
  if (endpoint === undefined) return null;
  const parsed = ZWebhookEndpoint.parse(endpoint);
  return { url: parsed.url, secret: parsed.secret };
}

async function route(
  api: ApiDependencies,
  control: ControlDependencies,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  if (path.startsWith('/v1/')) return serveApiRequest(api, request, response);
  if (path.startsWith('/__control/')) return serveControlRequest(control, request, response);
  if (path.startsWith('/__sandbox/onboarding/')) {
    return serveOnboardingRequest(api.context, request, response);
  }
  if (path.startsWith('/__sandbox/')) return serveSandboxRequest(api.context, request, response);
  const failure = unrecognizedUrl(request.method ?? 'GET', path);
  sendJson(response, failure.status, JSON.stringify({ error: failure.error }));
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

function listen(
  port: number,
  handler: Handler,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const close = () =>
        new Promise<void>((done) => {
          server.close(() => done());
          // The SDK keeps connections alive; closing them lets `close` finish at once.
          server.closeAllConnections();
        });
      resolve({ port: (server.address() as AddressInfo).port, close });
    });
  });
}
