import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFileStore } from './file-store-suite.ts';
import { localFileStore } from './local-file-store.ts';

describeFileStore('local-directory', async () => {
  const root = mkdtempSync(join(tmpdir(), 'bloxtr8-files-'));
  return {
    store: localFileStore(root),
    corrupt: async (hex) => writeFileSync(join(root, 'sha256', hex.slice(0, 2), hex), 'tampered'),
    close: async () => rmSync(root, { recursive: true, force: true }),
  };
});

describe('the local-directory layout', () => {
  it('keeps one file per content under sha256/ab/<hex>, and no temporary file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bloxtr8-files-'));
    try {
      const store = localFileStore(root);
      const stored = await store.put(new TextEncoder().encode('bytes'));
      await Promise.all([
        store.put(new TextEncoder().encode('bytes')),
        store.put(new Uint8Array()),
      ]);
      expect(stored.location).toBe(`local:sha256/${stored.sha256}`);
      expect(readdirSync(join(root, 'sha256', stored.sha256.slice(0, 2)))).toEqual([stored.sha256]);
      expect(readdirSync(join(root, 'tmp'))).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
