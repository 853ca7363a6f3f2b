import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive } from '@bloxtr8/platform';

/**
 * Remembers which consumer-group members this process slot had, so that a restart after a crash
 * (kill -9) can leave the groups on behalf of its dead predecessor. Without that the coordinator
 * keeps the dead member's partitions until its session times out (45 s by default), and nobody
 * consumes them meanwhile. Static membership (group.instance.id) does not help on KIP-848 groups:
 * the coordinator refuses a new member with the instance id until the old one has left.
 */
export interface MemberLedger {
  /** Members an earlier run of this slot had in the group; each is handed out once. */
  takePreviousMembers(groupId: string): readonly string[];
  /** Records that this run joined `groupId` as `memberId` (before it owns anything). */
  recordMember(groupId: string, memberId: string): Promise<void>;
  /** The run ends cleanly: its members left their groups, nobody needs to leave for them. */
  release(): Promise<void>;
}

/** One slot's file: which process holds it, and the members it joined groups as. */
interface Slot {
  readonly host: string;
  readonly pid: number;
  readonly members: Record<string, string[]>;
}

/** Processes of the same kind on one machine, at most; beyond, restarts wait out the session. */
const SLOTS_MAX = 64;
/** Members kept per group, oldest dropped first: a slot only ever needs its latest run's. */
const MEMBERS_PER_GROUP_MAX = 16;

/**
 * Claims the first free slot under `directory` for this process: a slot whose process is gone
 * (same host, pid no longer alive) is taken over with the members it recorded. Slots held by a
 * live process, or by another host sharing the directory, are never touched. Leaving a group for
 * a member that is in fact alive is harmless: it is fenced, rejoins and gets partitions again.
 */
export async function claimMemberSlot(directory: string): Promise<MemberLedger> {
  await mkdir(directory, { recursive: true });
  const previous: Slot['members'] = {};
  for (let index = 0; index < SLOTS_MAX; index += 1) {
    const path = join(directory, `slot-${index}.json`);
    const stale = await takeOverIfStale(path);
    if (stale !== undefined) mergeMembers(previous, stale.members);
    const mine: Slot = { host: hostname(), pid: process.pid, members: {} };
    if (await createExclusively(path, mine)) return new SlotLedger(path, mine, previous);
  }
  return new SlotLedger(undefined, undefined, previous);
}

/** The slot's record when its process is dead, moved out of the way; undefined otherwise. */
async function takeOverIfStale(path: string): Promise<Slot | undefined> {
  const slot = await readSlot(path);
  if (slot === undefined || slot === 'unreadable' || isHeldByLiveProcess(slot)) return undefined;
  const aside = `${path}.${process.pid}.stale`;
  try {
    await rename(path, aside);
  } catch {
    return undefined; // Another process took it over first.
  }
  await rm(aside, { force: true });
  return slot;
}

async function readSlot(path: string): Promise<Slot | 'unreadable' | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  // Unreadable: being written right now by its creator; treated as held.
  return parseSlot(text) ?? 'unreadable';
}

function parseSlot(text: string): Slot | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { host, pid, members } = value as Partial<Record<keyof Slot, unknown>>;
  if (typeof host !== 'string' || !Number.isInteger(pid)) return undefined;
  if (typeof members !== 'object' || members === null) return undefined;
  const lists = Object.entries(members as Record<string, unknown>);
  if (!lists.every(([, ids]) => Array.isArray(ids) && ids.every((id) => typeof id === 'string'))) {
    return undefined;
  }
  return { host, pid: pid as number, members: Object.fromEntries(lists) as Slot['members'] };
}

function isHeldByLiveProcess(slot: Slot): boolean {
  return slot.host !== hostname() || isProcessAlive(slot.pid);
}

async function createExclusively(path: string, slot: Slot): Promise<boolean> {
  try {
    await writeFile(path, JSON.stringify(slot), { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function mergeMembers(into: Slot['members'], from: Slot['members']): void {
  for (const [groupId, members] of Object.entries(from)) {
    into[groupId] = [...(into[groupId] ?? []), ...members];
  }
}

class SlotLedger implements MemberLedger {
  readonly #path: string | undefined;
  readonly #slot: Slot | undefined;
  readonly #previous: Slot['members'];

  constructor(path: string | undefined, slot: Slot | undefined, previous: Slot['members']) {
    this.#path = path;
    this.#slot = slot;
    this.#previous = previous;
  }

  takePreviousMembers(groupId: string): readonly string[] {
    const members = this.#previous[groupId] ?? [];
    delete this.#previous[groupId];
    return members;
  }

  async recordMember(groupId: string, memberId: string): Promise<void> {
    if (this.#path === undefined || this.#slot === undefined) return;
    const members = [...(this.#slot.members[groupId] ?? []), memberId];
    this.#slot.members[groupId] = members.slice(-MEMBERS_PER_GROUP_MAX);
    // Written aside and renamed over the slot: a crash mid-write never leaves half a record.
    const temporary = `${this.#path}.${randomUUID()}.tmp`;
    await writeFile(temporary, JSON.stringify(this.#slot), { mode: 0o600 });
    await rename(temporary, this.#path);
  }

  async release(): Promise<void> {
    if (this.#path !== undefined) await rm(this.#path, { force: true });
  }
}
