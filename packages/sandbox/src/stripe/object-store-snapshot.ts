import type { PersistedState } from '../persistence/state-file.ts';
import type { DoubleLogger } from './api-pipeline.ts';
import type { ObjectStore } from './object-store.ts';

/** The collections of the store that a restart must keep, by their field names. */
const COLLECTIONS = [
  'paymentIntents',
  'charges',
  'transfers',
  'refunds',
  'events',
  'accounts',
  'accountLinks',
  'searchableAtMs',
  'fundsAvailableOn',
] as const satisfies ReadonlyArray<keyof ObjectStore>;

type Collection = (typeof COLLECTIONS)[number];

const SNAPSHOT_VERSION = 1;

/** Everything the double created, as plain JSON: each collection as its [key, value] entries. */
export interface ObjectStoreSnapshot {
  readonly version: typeof SNAPSHOT_VERSION;
  readonly collections: Readonly<Record<Collection, ReadonlyArray<readonly [string, unknown]>>>;
}

export function snapshotObjectStore(store: ObjectStore): ObjectStoreSnapshot {
  const collections: Partial<Record<Collection, Array<readonly [string, unknown]>>> = {};
  for (const name of COLLECTIONS) collections[name] = [...store[name].entries()];
  return {
    version: SNAPSHOT_VERSION,
    collections: collections as ObjectStoreSnapshot['collections'],
  };
}

/**
 * Puts a snapshot's objects back into an empty store, in their original order. The objects are
 * the double's own, written by `snapshotObjectStore`; only the snapshot's shape is checked.
 */
export function restoreObjectStore(store: ObjectStore, snapshot: unknown): void {
  const collections = collectionsOf(snapshot);
  for (const name of COLLECTIONS) {
    const target = store[name] as Map<string, unknown>;
    for (const [key, value] of collections[name] ?? []) target.set(key, value);
  }
}

function collectionsOf(snapshot: unknown): Partial<Record<Collection, Array<[string, unknown]>>> {
  const { version, collections } = (snapshot ?? {}) as Partial<ObjectStoreSnapshot>;
  const isEntries = (value: unknown) =>
    Array.isArray(value) &&
    value.every(
      (entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string',
    );
  if (
    version !== SNAPSHOT_VERSION ||
    typeof collections !== 'object' ||
    collections === null ||
    !Object.values(collections).every(isEntries)
  ) {
    throw new Error(`not a Stripe sandbox state of version ${SNAPSHOT_VERSION}`);
  }
  return collections as Partial<Record<Collection, Array<[string, unknown]>>>;
}

/** The store as a double's persisted state (see `persistedHandler`). */
export function objectStoreState(store: ObjectStore, logger: DoubleLogger): PersistedState {
  return {
    snapshot: () => snapshotObjectStore(store),
    restore: (saved) => restoreObjectStore(store, saved),
    onError: (error) => logger.error({ err: error }, 'stripe double: cannot save its state'),
  };
}
