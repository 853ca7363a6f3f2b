import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The PostgreSQL server binaries of this machine, if any (Debian: /usr/lib/postgresql/N/bin). */
export function postgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin')).find((bin) => existsSync(join(bin, 'pg_ctl')));
}

/**
 * A PostgreSQL cluster of the test's own, in a temporary folder on a port of its own: restarting
 * it leaves the machine's server alone. initdb refuses to run as root, so a root test runs it as
 * the `postgres` user.
 */
export class PrivatePostgres {
  readonly url: string;
  readonly #bin: string;
  readonly #dir: string;
  readonly #port: number;

  constructor(bin: string, port: number) {
    this.#bin = bin;
    this.#port = port;
    this.#dir = mkdtempSync(join(tmpdir(), 'bloxtr8-pg-'));
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  start(): void {
    if (process.getuid?.() === 0) chownSync(this.#dir, 101, 104);
    this.#run('initdb', ['-D', this.#data(), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    this.#ctl('start');
  }

  restart(): void {
    this.#ctl('restart');
  }

  stop(): void {
    try {
      this.#run('pg_ctl', ['-D', this.#data(), '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(this.#dir, { recursive: true, force: true });
    }
  }

  #data(): string {
    return join(this.#dir, 'data');
  }

  #ctl(action: 'start' | 'restart'): void {
    this.#run('pg_ctl', [
      '-D',
      this.#data(),
      '-l',
      join(this.#dir, 'server.log'),
      '-m',
      'fast',
      '-w',
      '-o',
      `-p ${this.#port} -c listen_addresses=127.0.0.1 -k ${this.#dir} -c fsync=off`,
      action,
    ]);
  }

  #run(tool: string, args: string[]): void {
    const command = join(this.#bin, tool);
    if (process.getuid?.() === 0) {
      execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
    } else {
      execFileSync(command, args, { stdio: 'pipe' });
    }
  }
}
