import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The database's own ceiling for single-row updates on this machine: pgbench, 8 clients on 2
 * threads, updating random rows of pgbench_accounts for `seconds`. Undefined when pgbench is not
 * installed. Runs in the benchmark's own database, so its tables go with it.
 */
export async function pgbenchSingleRowUpdateTps(
  url: string,
  seconds = 10,
): Promise<number | undefined> {
  const directory = mkdtempSync(join(tmpdir(), 'bloxtr8-pgbench-'));
  try {
    const script = join(directory, 'update.sql');
    writeFileSync(
      script,
      '\\set aid random(1, 100000)\nUPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;\n',
    );
    await run('pgbench', ['-i', '-q', '-s', '1', url]);
    const { stdout } = await run('pgbench', [
      '-n',
      '-c',
      '8',
      '-j',
      '2',
      '-T',
      String(seconds),
      '-f',
      script,
      url,
    ]);
    const match = /tps = ([0-9.]+)/.exec(stdout);
    return match?.[1] === undefined ? undefined : Number(match[1]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
