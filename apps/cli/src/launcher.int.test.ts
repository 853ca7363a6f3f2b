import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../..', import.meta.url));
/** The machine's own PATH, without the Node 24 that bin/with-node put first for this test run. */
const MACHINE_PATH = '/usr/local/bin:/usr/bin:/bin';

async function machineNodeVersion(): Promise<string> {
  const { stdout } = await run('node', ['--version'], { env: { PATH: MACHINE_PATH } });
  return stdout.trim();
}

describe('the bloxtr8 command as npm links it', () => {
  it('runs `bloxtr8 help` from the machine’s own Node, whatever its version', async () => {
    const machineNode = await machineNodeVersion();
    const { stdout } = await run(`${REPO}node_modules/.bin/bloxtr8`, ['help'], {
      cwd: REPO,
      env: { PATH: MACHINE_PATH },
    });
    expect(stdout, `machine Node ${machineNode}`).toContain('usage: bloxtr8 <command>');
  });

  it('runs through `npx bloxtr8` with the machine’s npm, as the README writes it', async () => {
    const { stdout } = await run('npx', ['bloxtr8', 'help'], {
      cwd: REPO,
      env: { PATH: MACHINE_PATH, HOME: process.env.HOME ?? '/tmp' },
    });
    expect(stdout).toContain('usage: bloxtr8 <command>');
  });
});
