import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { FormFields } from './form-body.ts';
import { readInteger, readString } from './request-params.ts';
import type { StripeFailure } from './stripe-errors.ts';
import { invalidParameter, resourceMissing } from './stripe-errors.ts';

/** Stripe's list object: `{ object: 'list', data, has_more, url }`, newest first. */
export interface ListPage<Item> {
  readonly object: 'list';
  readonly data: Item[];
  readonly has_more: boolean;
  readonly url: string;
}

/** The pagination parameters every Stripe list endpoint takes. */
export const PAGE_PARAMETERS = ['limit', 'starting_after', 'ending_before'] as const;

/**
 * One page of `items` (given oldest first, as the store keeps them), the way Stripe pages a list:
 * newest first, `limit` items (10 by default, 1 to 100), after the object named by
 * `starting_after` or before the one named by `ending_before`. A cursor naming no listed object is
 * refused as Stripe refuses it.
 */
export function listPage<Item extends { readonly id: string }>(
  items: readonly Item[],
  params: FormFields,
  url: string,
  kind: string,
): Result<ListPage<Item>, StripeFailure> {
  const limit = readInteger(params, 'limit', 1, 100);
  if (!limit.ok) return limit;
  const after = readString(params, 'starting_after');
  if (!after.ok) return after;
  const before = readString(params, 'ending_before');
  if (!before.ok) return before;
  if (after.value !== null && before.value !== null) {
    return err(
      invalidParameter(
        'ending_before',
        'You may only specify one of starting_after and ending_before.',
      ),
    );
  }
  const newestFirst = [...items].reverse();
  const window = windowOf(newestFirst, after.value, before.value, limit.value ?? 10, kind);
  if (!window.ok) return window;
  return ok({ object: 'list', ...window.value, url });
}

function windowOf<Item extends { readonly id: string }>(
  newestFirst: readonly Item[],
  startingAfter: string | null,
  endingBefore: string | null,
  limit: number,
  kind: string,
): Result<{ data: Item[]; has_more: boolean }, StripeFailure> {
  const cursor = startingAfter ?? endingBefore;
  const at = cursor === null ? -1 : newestFirst.findIndex((item) => item.id === cursor);
  if (cursor !== null && at === -1) {
    const param = startingAfter === null ? 'ending_before' : 'starting_after';
    return err(resourceMissing(kind, cursor, param, 400));
  }
  if (endingBefore !== null) {
    const start = Math.max(0, at - limit);
    return ok({ data: newestFirst.slice(start, at), has_more: start > 0 });
  }
  const start = at + 1;
  return ok({
    data: newestFirst.slice(start, start + limit),
    has_more: newestFirst.length > start + limit,
  });
}
