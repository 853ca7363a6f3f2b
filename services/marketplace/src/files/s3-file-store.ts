import type { Secret } from '@bloxtr8/platform';
import { AwsClient } from 'aws4fetch';
import type { FileStore, StoredFile } from './file-store.ts';
import { sha256Hex } from './local-file-store.ts';

export interface S3FileStoreSettings {
  /** The service's base URL: AWS (`https://s3.<region>.amazonaws.com`), MinIO, R2… Path-style. */
  readonly endpoint: URL;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: Secret;
  /** Each request's own limit; 5 s unless given. */
  readonly timeoutMs?: number;
}

const HEX = /^[0-9a-f]{64}$/;
/** Transient failures (5xx, 429) are retried this many times with jittered backoff from 100 ms. */
const RETRIES = 2;

/**
 * A `FileStore` in an S3-compatible bucket, objects at `sha256/<hex>`. Every PUT carries the
 * payload's SHA-256 in the signature and as `x-amz-checksum-sha256`, so the service refuses bytes
 * damaged on the way; every GET is hashed again before it is handed out.
 */
export function s3FileStore(settings: S3FileStoreSettings): FileStore {
  const client = new AwsClient({
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey.reveal(),
    service: 's3',
    region: settings.region,
    retries: RETRIES,
    initRetryMs: 100,
  });
  const base = `${settings.endpoint.origin}${settings.endpoint.pathname.replace(/\/+$/, '')}`;
  const prefix = `s3://${settings.bucket}/sha256/`;
  const urlOf = (hex: string) => `${base}/${encodeURIComponent(settings.bucket)}/sha256/${hex}`;
  const signal = () => AbortSignal.timeout(settings.timeoutMs ?? 5_000);
  return {
    async put(bytes) {
      const hex = sha256Hex(bytes);
      const response = await client.fetch(urlOf(hex), {
        method: 'PUT',
        body: new Uint8Array(bytes),
        headers: {
          'content-type': 'application/octet-stream',
          'x-amz-content-sha256': hex,
          'x-amz-checksum-sha256': Buffer.from(hex, 'hex').toString('base64'),
        },
        signal: signal(),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`S3 PUT of sha256/${hex} answered ${response.status}`);
      const stored: StoredFile = { location: `${prefix}${hex}`, sha256: hex };
      return stored;
    },
    async get(location) {
      const hex = location.startsWith(prefix) ? location.slice(prefix.length) : '';
      if (!HEX.test(hex)) return undefined;
      const response = await client.fetch(urlOf(hex), { method: 'GET', signal: signal() });
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      if (!response.ok) throw new Error(`S3 GET of sha256/${hex} answered ${response.status}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (sha256Hex(bytes) !== hex) throw new Error(`stored file ${location} is corrupt`);
      return bytes;
    },
  };
}
