import type { FileStore } from '@bloxtr8/marketplace';
import { defaultFilesDirectory, localFileStore, s3FileStore } from '@bloxtr8/marketplace';
import type { PlatformConfig } from '@bloxtr8/platform';

/** Contract PDFs: under the data folder on one machine, in the configured bucket when scaled out. */
export function fileStoreFor(config: PlatformConfig): FileStore {
  const { files } = config;
  if (files.kind === 'local') return localFileStore(defaultFilesDirectory(config.dataDir));
  return s3FileStore({
    endpoint: files.endpoint,
    bucket: files.bucket,
    region: files.region,
    accessKeyId: files.accessKeyId,
    secretAccessKey: files.secretAccessKey,
  });
}
