import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname } from 'node:path';

/**
 * A double's state kept in one JSON file, so a sandbox survives restarts: read once at start,
 * written after changes, flushed when the double closes. Every write goes to a temporary file
 * renamed over the old one, so a crash mid-write leaves the previous state, never half of one.
 * Writes are coalesced: while one runs, further changes make exactly one more write after it.
 */
export class StateFile {
  readonly #path: string;
  readonly #snapshot: () => unknown;
  readonly #onError: (error: unknown) => void;
  #writing: Promise<void> | undefined;
  #isDirty = false;
  #written: string | undefined;

  constructor(path: string, snapshot: () => unknown, onError: (error: unknown) => void) {
    this.#path = path;
    this.#snapshot = snapshot;
    this.#onError = onError;
  }

  /** The saved state, or undefined when none was saved yet. */
  async read(): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    this.#written = text;
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(
        `the sandbox state in ${this.#path} is not JSON; move it away to start afresh`,
      );
    }
  }

  /** Something may have changed: write the state soon (at once unless a write is under way). */
  changed(): void {
    this.#isDirty = true;
    this.#writing ??= this.#drain();
  }

  /** Resolves once every change so far is on disk. */
  async flush(): Promise<void> {
    if (this.#isDirty) this.changed();
    await this.#writing;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#isDirty) {
        this.#isDirty = false;
        const text = JSON.stringify(this.#snapshot());
        if (text !== this.#written) {
          await writeAtomically(this.#path, text);
          this.#written = text;
        }
      }
    } catch (error) {
      this.#onError(error);
    } finally {
      this.#writing = undefined;
    }
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export interface PersistedState {
  /** The state as plain JSON. */
  readonly snapshot: () => unknown;
  /** Puts saved state back (into a freshly started double). */
  readonly restore: (saved: unknown) => void;
  /** A write failed: the double keeps running and tries again at the next change. */
  readonly onError: (error: unknown) => void;
}

/** A double state that can save and restore itself, whose save failures are retried quietly. */
export function persistedStateOf(state: {
  snapshot(): unknown;
  restore(saved: unknown): void;
}): PersistedState {
  return {
    snapshot: () => state.snapshot(),
    restore: (saved) => state.restore(saved),
    onError: () => {}, // Tried again at the next change; the sandbox keeps serving.
  };
}

type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

export interface PersistedHandler {
  readonly handler: RequestHandler;
  /** Resolves once every change so far is on disk (call it after the server closed). */
  flush(): Promise<void>;
}

/**
 * A double's request handler that keeps `state` in the file at `path`: restored now when saved
 * before, saved after each request. Without a path, the handler as it is and memory only.
 */
export async function persistedHandler(
  path: string | undefined,
  state: PersistedState,
  handler: RequestHandler,
): Promise<PersistedHandler> {
  if (path === undefined) return { handler, flush: async () => {} };
  const file = new StateFile(path, state.snapshot, state.onError);
  const saved = await file.read();
  if (saved !== undefined) state.restore(saved);
  return { handler: persistAfterEachRequest(handler, file), flush: () => file.flush() };
}

/**
 * Marks the state changed once each request has been answered. Requests are what change a
 * double's state (its API, its control API and its sandbox pages); unchanged state is not
 * written again, so reads cost a serialisation, never a disk write.
 */
export function persistAfterEachRequest(handler: RequestHandler, state: StateFile): RequestHandler {
  return (request, response) => {
    response.once('close', () => state.changed());
    handler(request, response);
  };
}
