import { Secret } from '@bloxtr8/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3Double } from '../testing/s3-double.ts';
import { startS3Double } from '../testing/s3-double.ts';
import { describeFileStore } from './file-store-suite.ts';
import type { S3FileStoreSettings } from './s3-file-store.ts';
import { s3FileStore } from './s3-file-store.ts';

function settingsFor(double: S3Double, secret = double.secretAccessKey): S3FileStoreSettings {
  return {
    endpoint: double.endpoint,
    bucket: double.bucket,
    region: double.region,
    accessKeyId: double.accessKeyId,
    secretAccessKey: new Secret(secret),
  };
}

describeFileStore('S3-compatible', async () => {
  const double = await startS3Double();
  return {
    store: s3FileStore(settingsFor(double)),
    corrupt: async (hex) => {
      double.objects.set(`sha256/${hex}`, Buffer.from('tampered'));
    },
    close: () => double.close(),
  };
});

describe('the S3-compatible file store against failures', () => {
  let double: S3Double;
  beforeAll(async () => {
    double = await startS3Double();
  });
  afterAll(() => double?.close());
  const bytes = new TextEncoder().encode('%PDF-1.7');

  it('keeps objects at s3://<bucket>/sha256/<hex>', async () => {
    const stored = await s3FileStore(settingsFor(double)).put(bytes);
    expect(stored.location).toBe(`s3://${double.bucket}/sha256/${stored.sha256}`);
    expect(double.objects.get(`sha256/${stored.sha256}`)).toEqual(Buffer.from(bytes));
  });

  it('retries a transient failure and then stores', async () => {
    double.failNext(503);
    const stored = await s3FileStore(settingsFor(double)).put(bytes);
    expect(await s3FileStore(settingsFor(double)).get(stored.location)).toEqual(bytes);
  });

  it('fails loudly when the service keeps failing or refuses the credentials', async () => {
    double.failNext(503, 3);
    await expect(s3FileStore(settingsFor(double)).put(bytes)).rejects.toThrow(/answered 503/);
    const forged = s3FileStore(settingsFor(double, 'not-the-secret'));
    await expect(forged.put(bytes)).rejects.toThrow(/answered 403/);
  });
});
