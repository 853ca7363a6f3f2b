import { z } from 'zod';
import { Secret } from '../secret.ts';
import type { ConfigProblem } from './text-fields.ts';
import { optionalText } from './text-fields.ts';

/** Where contract PDFs are kept (see .env.example). */
export const filesEnvironment = {
  FILES_S3_ENDPOINT: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  FILES_S3_BUCKET: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'is not an S3 bucket name')
      .optional(),
  ),
  FILES_S3_REGION: optionalText,
  FILES_S3_ACCESS_KEY_ID: optionalText,
  FILES_S3_SECRET_ACCESS_KEY: optionalText,
};

type FilesEnvironment = z.infer<z.ZodObject<typeof filesEnvironment>>;

const S3_VARIABLES = [
  'FILES_S3_ENDPOINT',
  'FILES_S3_BUCKET',
  'FILES_S3_ACCESS_KEY_ID',
  'FILES_S3_SECRET_ACCESS_KEY',
] as const;

/** The local directory under the data folder, or an S3-compatible bucket when one is configured. */
export type FilesConfig =
  | { readonly kind: 'local' }
  | {
      readonly kind: 's3';
      readonly endpoint: URL;
      readonly bucket: string;
      readonly region: string;
      readonly accessKeyId: string;
      readonly secretAccessKey: Secret;
    };

/** An S3 store needs all of its settings; a partial one is a mistake, not the local default. */
export function filesProblems(env: FilesEnvironment): ConfigProblem[] {
  const set = S3_VARIABLES.filter((name) => env[name] !== undefined);
  if (set.length === 0 || set.length === S3_VARIABLES.length) return [];
  return S3_VARIABLES.filter((name) => env[name] === undefined).map((name) => ({
    path: [name],
    message: `is required with ${set.join(', ')}`,
  }));
}

export function filesConfigOf(env: FilesEnvironment): FilesConfig {
  const { FILES_S3_ENDPOINT, FILES_S3_BUCKET, FILES_S3_ACCESS_KEY_ID, FILES_S3_SECRET_ACCESS_KEY } =
    env;
  if (
    FILES_S3_ENDPOINT === undefined ||
    FILES_S3_BUCKET === undefined ||
    FILES_S3_ACCESS_KEY_ID === undefined ||
    FILES_S3_SECRET_ACCESS_KEY === undefined
  ) {
    return { kind: 'local' };
  }
  return {
    kind: 's3',
    endpoint: new URL(FILES_S3_ENDPOINT),
    bucket: FILES_S3_BUCKET,
    region: env.FILES_S3_REGION ?? 'us-east-1',
    accessKeyId: FILES_S3_ACCESS_KEY_ID,
    secretAccessKey: new Secret(FILES_S3_SECRET_ACCESS_KEY),
  };
}
