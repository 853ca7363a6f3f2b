import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openPglite } from '@bloxtr8/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

describe('bloxtr8 projections, on the embedded default', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bloxtr8-projections-'));

  beforeAll(async () => {
    const db = await openPglite({ kind: 'directory', path: join(dataDir, 'pglite') });
    await migrate(db);
    await db.close();
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('rebuilds into a new generation, each run one further', async () => {
    const first = await runCli(dataDir, 'projections', 'rebuild');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('from generation 1 to 2');
    expect((await runCli(dataDir, 'projections', 'rebuild')).stdout).toContain(
      'from generation 2 to 3',
    );
  });

  it('shows each read model consumer group and how far behind it is', async () => {
    const lag = await runCli(dataDir, 'projections', 'lag');
    expect(lag.code).toBe(0);
    expect(lag.stdout).toMatch(/escrow\.events\.v1 {2}behind: 0/);
  });

  it('explains itself when asked for something it does not do', async () => {
    const wrong = await runCli(dataDir, 'projections', 'drop');
    expect(wrong.code).toBe(64);
    expect(wrong.stderr).toContain('usage: bloxtr8 projections');
  });
});
