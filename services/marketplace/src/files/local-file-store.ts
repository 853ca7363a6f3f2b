import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileStore, StoredFile } from './file-store.ts';

const LOCATION = /^local:sha256\/([0-9a-f]{64})$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The directory files go to by default: `<BLOXTR8_DATA_DIR>/files`. */
export function defaultFilesDirectory(dataDir: string): string {
  return join(dataDir, 'files');
}

/**
 * A `FileStore` in a local directory: `<root>/sha256/ab/<hex>`. A file is written to a temporary
 * name, flushed to disk and then renamed into place, so a crash leaves either the whole file or
 * none (rename is atomic within one file system), and readers never see half a document.
 */
export function localFileStore(root: string): FileStore {
  const pathOf = (hex: string) => join(root, 'sha256', hex.slice(0, 2), hex);
  return {
    async put(bytes) {
      const hex = sha256Hex(bytes);
      const stored: StoredFile = { location: `local:sha256/${hex}`, sha256: hex };
      const target = pathOf(hex);
      if (await exists(target)) return stored;
      await mkdir(join(root, 'sha256', hex.slice(0, 2)), { recursive: true });
      await mkdir(join(root, 'tmp'), { recursive: true });
      const temporary = join(root, 'tmp', `${hex}.${randomBytes(8).toString('hex')}`);
      try {
        const handle = await open(temporary, 'wx');
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temporary, target);
      } finally {
        await rm(temporary, { force: true });
      }
      return stored;
    },
    async get(location) {
      const hex = LOCATION.exec(location)?.[1];
      if (hex === undefined) return undefined;
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(pathOf(hex)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      if (sha256Hex(bytes) !== hex) throw new Error(`stored file ${location} is corrupt`);
      return bytes;
    },
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
