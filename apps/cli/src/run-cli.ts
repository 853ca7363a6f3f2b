import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Runs `bloxtr8 <args>` to completion on the embedded database in `dataDir`, as an operator would. */
export async function runCli(dataDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [MAIN, ...args], {
      env: { PATH: process.env.PATH ?? '', BLOXTR8_DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `bloxtr8 <args>` as a real process with only the given environment. */
export function startCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const finished = new Promise<Finished>((resolve) => {
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
  const listening = new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match?.[1] !== undefined) resolve(match[1]);
    };
    child.stderr.on('data', onData);
    child.on('exit', () => reject(new Error(`exited before listening:\n${stderr}`)));
  });
  // Runs that are meant to fail never listen; only a test awaiting `listening` cares.
  listening.catch(() => {});
  const running = new Promise<void>((resolve, reject) => {
    child.stderr.on('data', () => {
      if (/bloxtr8: (running|listening on)/.test(stderr)) resolve();
    });
    child.on('exit', () => reject(new Error(`exited before running:\n${stderr}`)));
  });
  running.catch(() => {});
  return { child, listening, running, finished, output: () => ({ stdout, stderr }) };
}
