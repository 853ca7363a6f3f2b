import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileStore } from './file-store.ts';

/** An adapter under test, and a way to damage what it stored (as a disk or a bucket might). */
export interface FileStoreUnderTest {
  readonly store: FileStore;
  corrupt(sha256: string): Promise<void>;
  close(): Promise<void>;
}

/** What every `FileStore` adapter must do; each adapter's test file runs it. */
export function describeFileStore(name: string, open: () => Promise<FileStoreUnderTest>): void {
  describe(`the ${name} file store`, () => {
    let subject: FileStoreUnderTest;
    beforeAll(async () => {
      subject = await open();
    });
    afterAll(() => subject?.close());
    const bytes = new TextEncoder().encode(`%PDF-1.7 a contract for ${name}`);
    const hex = createHash('sha256').update(bytes).digest('hex');

    it('stores bytes under their SHA-256 and reads them back', async () => {
      const stored = await subject.store.put(bytes);
      expect(stored.sha256).toBe(hex);
      expect(await subject.store.get(stored.location)).toEqual(bytes);
    });

    it('stores the same bytes at the same location, however often and concurrently', async () => {
      const [first, second] = await Promise.all([
        subject.store.put(bytes),
        subject.store.put(bytes),
      ]);
      expect(second).toEqual(first);
      expect(await subject.store.put(bytes)).toEqual(first);
    });

    it('answers undefined for a location it never stored or that is not its own', async () => {
      const { location } = await subject.store.put(bytes);
      expect(await subject.store.get(location.replace(hex, '0'.repeat(64)))).toBeUndefined();
      expect(await subject.store.get('elsewhere://bucket/key')).toBeUndefined();
      expect(await subject.store.get(location.replace(hex, '../../etc/passwd'))).toBeUndefined();
    });

    it('refuses to hand out a file whose bytes no longer match their hash', async () => {
      const other = new TextEncoder().encode(`another document for ${name}`);
      const stored = await subject.store.put(other);
      await subject.corrupt(stored.sha256);
      await expect(subject.store.get(stored.location)).rejects.toThrow(/corrupt/);
    });
  });
}
