import type { Queryable } from '@bloxtr8/db';

/** How far the chain watcher has read, and the head it last saw. */
export interface ChainCursor {
  readonly blockNumber: bigint;
  readonly blockHash: string;
  readonly headNumber: bigint;
}

const USDC_CURSOR = 'usdc-base';

export async function readChainCursor(db: Queryable): Promise<ChainCursor | undefined> {
  const { rows } = await db.query<{
    block_number: bigint;
    block_hash: string;
    head_number: bigint;
  }>('select block_number, block_hash, head_number from payments.chain_cursor where name = $1', [
    USDC_CURSOR,
  ]);
  const row = rows[0];
  return row === undefined
    ? undefined
    : { blockNumber: row.block_number, blockHash: row.block_hash, headNumber: row.head_number };
}

export async function saveChainCursor(tx: Queryable, cursor: ChainCursor): Promise<void> {
  await tx.query(
    `insert into payments.chain_cursor (name, block_number, block_hash, head_number, updated_at)
     values ($1, $2, $3, $4, now())
     on conflict (name) do update set block_number = excluded.block_number,
       block_hash = excluded.block_hash, head_number = excluded.head_number, updated_at = now()`,
    [USDC_CURSOR, cursor.blockNumber, cursor.blockHash, cursor.headNumber],
  );
}
