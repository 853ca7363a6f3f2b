import type { ApiCall, ApiOutcome, ApiRoute } from './api-route.ts';
import { failed, refused, succeeded } from './api-route.ts';
import { balanceObject } from './balance.ts';
import type { DoubleContext } from './double-context.ts';
import { findUnknownParameter } from './request-params.ts';
import { resourceMissing } from './stripe-errors.ts';

/** Reads that reconciliation and webhook handlers use to check what they were told. */
function retrieveCharge(context: DoubleContext, call: ApiCall): ApiOutcome {
  const unknown = findUnknownParameter(call.params, []);
  if (unknown !== null) return refused(unknown);
  const id = call.pathParams.id ?? '';
  const charge = context.store.charges.get(id);
  return charge === undefined ? failed(resourceMissing('charge', id, 'id')) : succeeded(charge);
}

function retrieveEvent(context: DoubleContext, call: ApiCall): ApiOutcome {
  const unknown = findUnknownParameter(call.params, []);
  if (unknown !== null) return refused(unknown);
  const id = call.pathParams.id ?? '';
  const event = context.store.events.get(id);
  return event === undefined ? failed(resourceMissing('event', id, 'id')) : succeeded(event);
}

function retrieveBalance(context: DoubleContext, call: ApiCall): ApiOutcome {
  const unknown = findUnknownParameter(call.params, []);
  return unknown === null ? succeeded(balanceObject(context)) : refused(unknown);
}

export const READ_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', pattern: '/v1/charges/:id', handle: retrieveCharge },
  { method: 'GET', pattern: '/v1/events/:id', handle: retrieveEvent },
  { method: 'GET', pattern: '/v1/balance', handle: retrieveBalance },
];
