import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger, Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { ApiOutcome } from './api-route.ts';
import type { RouteMatch } from './api-routes.ts';
import { findApiRoute } from './api-routes.ts';
import { authenticate } from './authenticate.ts';
import type { BoundedLog } from './bounded-log.ts';
import type { RecordedCall } from './call-log.ts';
import type { DoubleContext } from './double-context.ts';
import type { ArmedFault, FaultPlan } from './fault-plan.ts';
import type { FormFields } from './form-body.ts';
import { emptyFields, parseFormBody } from './form-body.ts';
import { headerValue, readBody, sendJson } from './http-io.ts';
import type { IdempotencyStore, SavedResponse } from './idempotency-store.ts';
import { newRequestId } from './ids.ts';
import type { StripeFailure } from './stripe-errors.ts';
import {
  apiError,
  idempotencyKeyTooLong,
  malformedBody,
  notModelled,
  unrecognizedUrl,
} from './stripe-errors.ts';

export type DoubleLogger = Pick<Logger, 'debug' | 'warn' | 'error'>;

export interface ApiDependencies {
  readonly context: DoubleContext;
  readonly idempotency: IdempotencyStore;
  readonly faults: FaultPlan;
  readonly calls: BoundedLog<RecordedCall>;
  readonly apiKeys: readonly string[] | null;
  readonly logger: DoubleLogger;
}

interface PreparedCall {
  readonly apiKey: string;
  readonly method: string;
  readonly path: string;
  readonly params: FormFields;
  readonly idempotencyKey: string | null;
  readonly match: RouteMatch;
}

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly errorCode: string | null;
  readonly isReplayed: boolean;
  readonly faultId: string | null;
  /** An injected fault drops the connection instead of sending this reply. */
  readonly isDropped?: boolean;
}

/** How a dropped connection is recorded: no HTTP status ever reached the client. */
const DROPPED_STATUS = 0;

const IDEMPOTENCY_KEY_LENGTH_MAX = 255;

/** Serves one `/v1/…` request the way Stripe would, and records it. */
export async function serveApiRequest(
  dependencies: ApiDependencies,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const requestId = newRequestId();
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const prepared = await prepareCall(dependencies, request, method, url);
  const reply = prepared.ok
    ? await executeCall(dependencies, prepared.value, requestId)
    : failureReply(prepared.error, null);
  const version = headerValue(request, 'stripe-version') ?? dependencies.context.apiVersion;
  if (reply.isDropped === true) {
    request.socket.destroy();
  } else {
    sendJson(response, reply.status, reply.body, {
      ...reply.headers,
      'request-id': requestId,
      'stripe-version': version,
    });
  }
  dependencies.calls.push({
    requestId,
    method,
    path: url.pathname,
    params: prepared.ok ? prepared.value.params : emptyFields(),
    idempotencyKey: prepared.ok ? prepared.value.idempotencyKey : null,
    status: reply.isDropped === true ? DROPPED_STATUS : reply.status,
    errorCode: reply.errorCode,
    isReplayed: reply.isReplayed,
    faultId: reply.faultId,
    at: dependencies.context.clock.now().toISOString(),
  });
}

async function prepareCall(
  dependencies: ApiDependencies,
  request: IncomingMessage,
  method: string,
  url: URL,
): Promise<Result<PreparedCall, StripeFailure>> {
  const apiKey = authenticate(headerValue(request, 'authorization'), dependencies.apiKeys);
  if (!apiKey.ok) return apiKey;
  if (headerValue(request, 'stripe-account') !== null) {
    return err(notModelled('the Stripe-Account header (calls made as a connected account)'));
  }
  const params = await readParams(request, method, url);
  if (!params.ok) return params;
  const match = findApiRoute(method, url.pathname);
  if (match === null) return err(unrecognizedUrl(method, url.pathname));
  // Stripe only honours idempotency keys on POST; GET is idempotent by nature.
  const idempotencyKey = method === 'POST' ? headerValue(request, 'idempotency-key') : null;
  if (idempotencyKey !== null && idempotencyKey.length > IDEMPOTENCY_KEY_LENGTH_MAX) {
    return err(idempotencyKeyTooLong(IDEMPOTENCY_KEY_LENGTH_MAX));
  }
  return ok({
    apiKey: apiKey.value,
    method,
    path: url.pathname,
    params: params.value,
    idempotencyKey,
    match,
  });
}

async function readParams(
  request: IncomingMessage,
  method: string,
  url: URL,
): Promise<Result<FormFields, StripeFailure>> {
  if (method !== 'POST') return mapParseError(parseFormBody(url.search.slice(1)));
  const body = await readBody(request);
  if (body === null) return err(malformedBody('the request body is too large'));
  const contentType = headerValue(request, 'content-type') ?? '';
  if (body !== '' && !contentType.startsWith('application/x-www-form-urlencoded')) {
    return err(malformedBody('the body must be application/x-www-form-urlencoded'));
  }
  return mapParseError(parseFormBody(body));
}

function mapParseError(parsed: Result<FormFields, string>): Result<FormFields, StripeFailure> {
  return parsed.ok ? parsed : err(malformedBody(parsed.error));
}

/** Faults first, then idempotency, then the endpoint itself. */
async function executeCall(
  dependencies: ApiDependencies,
  call: PreparedCall,
  requestId: string,
): Promise<Reply> {
  const fault = dependencies.faults.take(call.method, call.path);
  const faultId = fault?.id ?? null;
  // A fault that does not take effect fails the call before it runs.
  const early = fault !== null && !fault.takesEffect ? faultReply(fault, faultId) : null;
  if (early !== null) {
    await sleep(fault?.delayMs ?? 0);
    return early;
  }
  const key = call.idempotencyKey;
  if (key !== null) {
    const check = dependencies.idempotency.begin(call.apiKey, key, call);
    if (check.kind !== 'fresh') {
      await sleep(fault?.delayMs ?? 0);
      return check.kind === 'conflict'
        ? failureReply(check.failure, faultId)
        : (faultReply(fault, faultId) ?? replayReply(check.saved, key, faultId));
    }
  }
  try {
    return await runWithFault(dependencies, call, requestId, fault);
  } finally {
    if (key !== null) dependencies.idempotency.release(call.apiKey, key);
  }
}

/**
 * Runs the endpoint, saving its result under the idempotency key. A fault holds the request open
 * before it runs, or (taking effect) delays, replaces or drops the answer of a call that happened.
 */
async function runWithFault(
  dependencies: ApiDependencies,
  call: PreparedCall,
  requestId: string,
  fault: ArmedFault | null,
): Promise<Reply> {
  const key = call.idempotencyKey;
  if (fault !== null && !fault.takesEffect) await sleep(fault.delayMs);
  const outcome = runEndpoint(dependencies, call, requestId);
  const saved = toSaved(outcome, requestId);
  if (key !== null && outcome.isSaved) dependencies.idempotency.save(call.apiKey, key, saved);
  if (fault?.takesEffect) await sleep(fault.delayMs);
  return (
    faultReply(fault, fault?.id ?? null) ?? {
      status: saved.status,
      body: saved.body,
      headers: replyHeaders(outcome.failure, key),
      errorCode: saved.errorCode,
      isReplayed: false,
      faultId: fault?.id ?? null,
    }
  );
}

/** What an injected fault answers instead of the call's own reply, if anything. */
function faultReply(fault: ArmedFault | null, faultId: string | null): Reply | null {
  if (fault === null) return null;
  if (fault.resetConnection) {
    return { ...failureReply(apiError('connection reset'), faultId), isDropped: true };
  }
  return fault.failure === null ? null : failureReply(fault.failure, faultId);
}

function runEndpoint(
  dependencies: ApiDependencies,
  call: PreparedCall,
  requestId: string,
): ApiOutcome {
  const origin = { id: requestId, idempotencyKey: call.idempotencyKey };
  const { route, pathParams } = call.match;
  try {
    return route.handle(dependencies.context, { params: call.params, pathParams, origin });
  } catch (error) {
    dependencies.logger.error({ err: error, path: call.path }, 'stripe double: endpoint failed');
    const failure = apiError();
    return { status: failure.status, body: { error: failure.error }, failure, isSaved: false };
  }
}

function toSaved(outcome: ApiOutcome, requestId: string): SavedResponse {
  const errorCode =
    outcome.failure === null ? null : (outcome.failure.error.code ?? outcome.failure.error.type);
  return { status: outcome.status, body: JSON.stringify(outcome.body), requestId, errorCode };
}

function replayReply(saved: SavedResponse, key: string, faultId: string | null): Reply {
  const headers = {
    'idempotency-key': key,
    'idempotent-replayed': 'true',
    'original-request': saved.requestId,
  };
  return {
    status: saved.status,
    body: saved.body,
    headers,
    errorCode: saved.errorCode,
    isReplayed: true,
    faultId,
  };
}

function failureReply(failure: StripeFailure, faultId: string | null): Reply {
  return {
    status: failure.status,
    body: JSON.stringify({ error: failure.error }),
    headers: replyHeaders(failure, null),
    errorCode: failure.error.code ?? failure.error.type,
    isReplayed: false,
    faultId,
  };
}

function replyHeaders(failure: StripeFailure | null, key: string | null): Record<string, string> {
  const headers: Record<string, string> = key === null ? {} : { 'idempotency-key': key };
  if (failure?.shouldRetry !== undefined) {
    headers['stripe-should-retry'] = String(failure.shouldRetry);
  }
  return headers;
}
