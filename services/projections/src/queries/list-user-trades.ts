import type { CurrencyCode, RailName } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import type { Result } from '@bloxtr8/platform';
import { isUuid, ok } from '@bloxtr8/platform';
import type { EscrowViewState } from '../model/escrow-facts.ts';
import type { Page, PageOptions, QueryFailure } from './page-cursor.ts';
import { cursorOption, pageLimit, pageOf } from './page-cursor.ts';

/** One of a user's trades, as a list shows it. */
export interface UserTrade {
  readonly escrowId: string;
  readonly role: 'BUYER' | 'SELLER';
  readonly counterpartyId: string;
  readonly state: EscrowViewState | null;
  readonly amountMinor: bigint | null;
  readonly currency: CurrencyCode | null;
  readonly rail: RailName | null;
  readonly createdAt: Date;
  readonly updatedAt: Date | null;
}

interface UserTradeRow {
  readonly escrow_id: string;
  readonly role: 'BUYER' | 'SELLER';
  readonly counterparty_id: string;
  readonly state: EscrowViewState | null;
  readonly amount_minor: bigint | null;
  readonly currency: CurrencyCode | null;
  readonly rail: RailName | null;
  readonly created_at: Date;
  readonly updated_at: Date | null;
}

const side = (role: 'BUYER' | 'SELLER') => {
  const [self, other] = role === 'BUYER' ? ['buyer_id', 'seller_id'] : ['seller_id', 'buyer_id'];
  return `(select escrow_id, '${role}' as role, ${other} as counterparty_id, state, amount_minor,
       currency, rail, created_at, updated_at
     from projections.escrow_views
     where ${self} = $1 and (created_at, escrow_id)
       < (coalesce($2::timestamptz, 'infinity'), coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
     order by created_at desc, escrow_id desc limit $4)`;
};

/**
 * The escrows where `userId` is buyer or seller, newest first, a keyset page at a time. Each side
 * is one ordered range of its own index, cut at the limit; the two are merged and cut again, so a
 * page costs the same whatever page it is.
 */
export async function listUserTrades(
  db: Queryable,
  userId: string,
  options: PageOptions = {},
): Promise<Result<Page<UserTrade>, QueryFailure>> {
  const cursor = cursorOption(options);
  if (!cursor.ok) return cursor;
  const limit = pageLimit(options.limit);
  if (!isUuid(userId)) return ok({ items: [], nextCursor: null });
  const from = cursor.value;
  const { rows } = await db.query<UserTradeRow>(
    `select * from (${side('BUYER')} union all ${side('SELLER')}) trades
     order by created_at desc, escrow_id desc limit $4`,
    [userId, from?.at ?? null, from?.escrowId ?? null, limit + 1],
  );
  const trades = rows.map(
    (row): UserTrade => ({
      escrowId: row.escrow_id,
      role: row.role,
      counterpartyId: row.counterparty_id,
      state: row.state,
      amountMinor: row.amount_minor,
      currency: row.currency,
      rail: row.rail,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }),
  );
  return ok(pageOf(trades, limit, (trade) => ({ at: trade.createdAt, escrowId: trade.escrowId })));
}
