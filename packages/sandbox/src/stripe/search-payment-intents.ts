import type { Stripe } from 'stripe';
import type { ApiCall, ApiOutcome, ApiRoute } from './api-route.ts';
import { refused, succeeded } from './api-route.ts';
import type { DoubleContext } from './double-context.ts';
import {
  findUnknownParameter,
  readInteger,
  readRequiredString,
  readString,
} from './request-params.ts';
import { matchesQuery, parseSearchQuery } from './search-query.ts';
import { invalidParameter, invalidSearchQuery } from './stripe-errors.ts';

const SEARCH_URL = '/v1/payment_intents/search';

/**
 * `GET /v1/payment_intents/search`: newest first, `limit` per page (10 by default, at most 100),
 * `next_page` an opaque cursor. PaymentIntents younger than the configured index lag are not
 * found yet, as on Stripe, where search is eventually consistent.
 */
function searchPaymentIntents(context: DoubleContext, call: ApiCall): ApiOutcome {
  const unknown = findUnknownParameter(call.params, ['query', 'limit', 'page']);
  if (unknown !== null) return refused(unknown);
  const query = readRequiredString(call.params, 'query');
  if (!query.ok) return refused(query.error);
  const limit = readInteger(call.params, 'limit', 1, 100);
  if (!limit.ok) return refused(limit.error);
  const page = readString(call.params, 'page');
  if (!page.ok) return refused(page.error);
  const parsed = parseSearchQuery(query.value);
  if (!parsed.ok) return refused(invalidSearchQuery(parsed.error));

  const newestFirst = [...context.store.paymentIntents.values()].reverse();
  const start = page.value === null ? 0 : startAfterCursor(newestFirst, page.value);
  if (start === null) return refused(invalidParameter('page', 'Invalid page: unknown cursor'));
  const nowMs = context.clock.now().getTime();
  const matches = newestFirst
    .slice(start)
    .filter((intent) => (context.store.searchableAtMs.get(intent.id) ?? 0) <= nowMs)
    .filter((intent) => matchesQuery(intent, parsed.value));
  const pageSize = limit.value ?? 10;
  const data = matches.slice(0, pageSize);
  const hasMore = matches.length > pageSize;
  const result: Stripe.ApiSearchResult<Stripe.PaymentIntent> = {
    object: 'search_result',
    data,
    has_more: hasMore,
    next_page: hasMore && data.length > 0 ? encodeCursor(data.at(-1)?.id ?? '') : null,
    url: SEARCH_URL,
  };
  return succeeded(result);
}

/**
 * The cursor names the last PaymentIntent of the previous page: neither new PaymentIntents nor
 * changes to old ones shift the next page.
 */
function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

function startAfterCursor(
  newestFirst: readonly Stripe.PaymentIntent[],
  cursor: string,
): number | null {
  const lastId = Buffer.from(cursor, 'base64url').toString('utf8');
  const index = newestFirst.findIndex((intent) => intent.id === lastId);
  return index === -1 ? null : index + 1;
}

export const SEARCH_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', pattern: SEARCH_URL, handle: searchPaymentIntents },
];
