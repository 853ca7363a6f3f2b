import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.ts';

const S3 = {
  FILES_S3_ENDPOINT: 'https://s3.eu-west-1.amazonaws.com',
  FILES_S3_BUCKET: 'bloxtr8-contracts',
  FILES_S3_ACCESS_KEY_ID: `TEST${randomBytes(8).toString('hex').toUpperCase()}`,
  FILES_S3_SECRET_ACCESS_KEY: randomBytes(30).toString('base64url'),
};

describe('files configuration', () => {
  it('keeps files under the data folder unless a bucket is configured', () => {
    expect(loadConfig({}).files).toEqual({ kind: 'local' });
  });

  it('uses the bucket with all its settings, region us-east-1 unless given', () => {
    const files = loadConfig(S3).files;
    expect(files).toMatchObject({ kind: 's3', bucket: 'bloxtr8-contracts', region: 'us-east-1' });
    expect(loadConfig({ ...S3, FILES_S3_REGION: 'eu-west-1' }).files).toMatchObject({
      region: 'eu-west-1',
    });
  });

  it('names what is missing from a partial bucket configuration', () => {
    const { FILES_S3_SECRET_ACCESS_KEY: _missing, ...partial } = S3;
    expect(() => loadConfig(partial)).toThrow(ConfigError);
    expect(() => loadConfig(partial)).toThrow(/FILES_S3_SECRET_ACCESS_KEY: is required/);
    expect(() => loadConfig({ ...S3, FILES_S3_BUCKET: 'Not_A_Bucket' })).toThrow(/S3 bucket/);
  });
});
