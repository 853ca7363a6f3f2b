import type { Database } from '@bloxtr8/db';

const bigints = (_key: string, value: unknown) =>
  typeof value === 'bigint' ? value.toString() : value;

/**
 * The read models a rebuild must reproduce: escrow views, timelines and command statuses, without
 * the columns that only say when a row was projected.
 */
export async function projectionsSnapshot(db: Database): Promise<unknown[]> {
  const tables = [
    'select * from projections.escrow_views order by escrow_id',
    'select * from projections.escrow_timeline order by escrow_id, occurred_at, event_id',
    'select * from projections.command_statuses order by command_id',
  ];
  const rows: unknown[] = [];
  for (const sql of tables) {
    const result = await db.query<Record<string, unknown>>(sql);
    for (const row of result.rows) {
      const { projected_at: _projected, updated_at: _updated, ...rest } = row;
      rows.push(JSON.parse(JSON.stringify(rest, bigints)));
    }
  }
  return rows;
}
