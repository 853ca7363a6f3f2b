import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Foundry's anvil, a real EVM node, running on loopback as a child of this process. */
export interface Anvil {
  readonly url: string;
  readonly port: number;
  /** Stops the node; with a state file it writes the chain there first. */
  stop(): Promise<void>;
}

export interface AnvilOptions {
  /** 0 (the default) lets anvil pick a free port. */
  readonly port?: number;
  /** Loads the chain from this file when it exists and writes it back, so it survives restarts. */
  readonly stateFile?: string;
  /** Mines a block every this many seconds (transactions wait for it); mines per transaction when absent. */
  readonly blockTimeSeconds?: number;
}

const STARTUP_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
/** How often anvil writes its state file besides at exit, so a crash loses little. */
const STATE_INTERVAL_SECONDS = 5;

/** The anvil binary the npm package `@foundry-rs/anvil-linux-amd64` ships (no install script). */
export function anvilBinary(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(
      dirname(require.resolve('@foundry-rs/anvil-linux-amd64/package.json')),
      'bin',
      'anvil',
    );
  } catch {
    throw new Error(
      `anvil is not installed for ${process.platform}-${process.arch}: the USDC sandbox needs @foundry-rs/anvil-linux-amd64 (installed by npm ci on Linux x64), or set BASE_RPC_URL`,
    );
  }
}

function argumentsFor(options: AnvilOptions): string[] {
  const args = ['--host', '127.0.0.1', '--port', String(options.port ?? 0)];
  if (options.stateFile !== undefined) {
    args.push('--state', options.stateFile, '--state-interval', String(STATE_INTERVAL_SECONDS));
  }
  if (options.blockTimeSeconds !== undefined) {
    args.push('--block-time', String(options.blockTimeSeconds));
  }
  return args;
}

/** Starts anvil on 127.0.0.1 and resolves once it listens. */
export function startAnvil(options: AnvilOptions = {}): Promise<Anvil> {
  const child = spawn(anvilBinary(), argumentsFor(options), { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise<Anvil>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error('anvil did not start in time')),
      STARTUP_TIMEOUT_MS,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('error', fail);
    child.once('exit', (code) =>
      fail(new Error(`anvil exited (${code}) before listening: ${output.slice(-500)}`)),
    );
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (listening === null) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      // Anvil logs every request; nobody reads it, but the pipe must keep flowing.
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      child.stderr.resume();
      const port = Number(listening[1]);
      resolve({ url: `http://127.0.0.1:${port}`, port, stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    // SIGTERM lets anvil write its state file before it exits.
    child.kill('SIGTERM');
  });
}
