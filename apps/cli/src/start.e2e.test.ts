import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli } from './run-cli.ts';

const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe('bloxtr8 start on the embedded default', () => {
  it('serves /health and /ready within 15 s, stops cleanly on Ctrl-C, and reuses its data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bloxtr8-start-'));
    dataDirs.push(dataDir);
    const env = { PORT: '0', BLOXTR8_DATA_DIR: dataDir, LOG_LEVEL: 'info' };

    const first = startCli(['start'], env);
    const startedAt = Date.now();
    const base = await first.listening;
    const health = await fetch(`${base}/health`);
    const ready = await fetch(`${base}/ready`);
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    expect(health.status).toBe(200);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok' },
    });
    expect(first.output().stdout).toContain('"msg":"migrations applied"');
    first.child.kill('SIGINT');
    const firstExit = await first.finished;
    expect(firstExit.code).toBe(0);
    expect(firstExit.stderr).toContain('bloxtr8: stopped');

    const second = startCli(['start'], env);
    const secondBase = await second.listening;
    expect((await fetch(`${secondBase}/ready`)).status).toBe(200);
    second.child.kill('SIGINT');
    const secondExit = await second.finished;
    expect(secondExit.code).toBe(0);
    // The schema found in the data directory was already complete: nothing was applied again.
    expect(secondExit.stdout).not.toContain('migrations applied');
  });

  it('refuses a second process on the same data directory with one clear line', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bloxtr8-lock-'));
    dataDirs.push(dataDir);
    const env = { PORT: '0', BLOXTR8_DATA_DIR: dataDir };
    const first = startCli(['start'], env);
    await first.listening;
    const second = await startCli(['start'], env).finished;
    first.child.kill('SIGINT');
    await first.finished;
    expect(second.code).toBe(1);
    expect(second.stderr.trim()).toMatch(
      /^bloxtr8: the embedded database in .* is in use by process \d+/,
    );
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('bloxtr8 with a bad DATABASE_URL', () => {
  const cases = [
    ['garbage', 'garbage', /^bloxtr8: invalid configuration: DATABASE_URL: is not a URL/],
    [
      'nothing listening',
      'postgres://postgres@127.0.0.1:1/bloxtr8',
      /^bloxtr8: cannot open PostgreSQL at 127\.0\.0\.1:1\/bloxtr8: connection refused/,
    ],
  ] as const;

  it.each(cases)('%s: exits 1 with one line and no stack trace', async (_name, url, expected) => {
    const result = await startCli(['start'], { DATABASE_URL: url, PORT: '0' }).finished;
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.runIf(process.env.DATABASE_URL)(
    'a database that does not exist: says so in one line',
    async () => {
      const url = new URL(process.env.DATABASE_URL ?? '');
      url.pathname = '/bloxtr8_no_such_database';
      const result = await startCli(['migrate'], { DATABASE_URL: url.toString() }).finished;
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toMatch(
        /^bloxtr8: cannot open PostgreSQL at .*: database does not exist/,
      );
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    },
  );
});
