import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimMemberSlot } from './member-ledger.ts';

const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

function slotDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'bloxtr8-ledger-'));
  directories.push(directory);
  return directory;
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const exited = spawnSync(process.execPath, ['-e', '']);
  if (exited.pid === undefined) throw new Error('could not start a process');
  return exited.pid;
}

function writeSlot(directory: string, index: number, slot: object): void {
  writeFileSync(join(directory, `slot-${index}.json`), JSON.stringify(slot));
}

describe('member slots on this machine', () => {
  it('takes over the slot of a dead process and hands out its members once', async () => {
    const directory = slotDirectory();
    writeSlot(directory, 0, { host: hostname(), pid: deadPid(), members: { g: ['m-1', 'm-2'] } });
    const ledger = await claimMemberSlot(directory);
    expect(ledger.takePreviousMembers('g')).toEqual(['m-1', 'm-2']);
    expect(ledger.takePreviousMembers('g')).toEqual([]);
    await ledger.recordMember('g', 'm-3');
    const slot = JSON.parse(readFileSync(join(directory, 'slot-0.json'), 'utf8'));
    expect(slot).toEqual({ host: hostname(), pid: process.pid, members: { g: ['m-3'] } });
  });

  it('never touches a slot held by a live process or by another host', async () => {
    const directory = slotDirectory();
    writeSlot(directory, 0, { host: hostname(), pid: process.pid, members: { g: ['live'] } });
    writeSlot(directory, 1, { host: 'another-host', pid: deadPid(), members: { g: ['remote'] } });
    const ledger = await claimMemberSlot(directory);
    expect(ledger.takePreviousMembers('g')).toEqual([]);
    await ledger.recordMember('g', 'mine');
    expect(JSON.parse(readFileSync(join(directory, 'slot-2.json'), 'utf8')).members).toEqual({
      g: ['mine'],
    });
    expect(JSON.parse(readFileSync(join(directory, 'slot-0.json'), 'utf8')).members.g).toEqual([
      'live',
    ]);
  });

  it('frees its slot on a clean release, so the next run has nobody to leave for', async () => {
    const directory = slotDirectory();
    const ledger = await claimMemberSlot(directory);
    await ledger.recordMember('g', 'm-1');
    await ledger.release();
    expect(existsSync(join(directory, 'slot-0.json'))).toBe(false);
    expect((await claimMemberSlot(directory)).takePreviousMembers('g')).toEqual([]);
  });
});
