import { z } from 'zod';

/**
 * Every environment variable the platform reads, validated once at start by the composition root
 * and passed down as a typed value. `.env.example` documents each of them; keep the two in step.
 */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Treats an empty variable (`DATABASE_URL=`) as unset, the way `.env` files are usually read. */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const ZDatabaseUrl = optionalText.superRefine((value, context) => {
  if (value === undefined) return;
  const problem = describeDatabaseUrlProblem(value);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
});

const ZKafkaBrokers = optionalText.transform((value, context) => {
  if (value === undefined) return undefined;
  const brokers = value.split(',').map((broker) => broker.trim());
  const invalid = brokers.find((broker) => !/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(broker));
  if (invalid !== undefined) {
    context.addIssue({ code: 'custom', message: `"${invalid}" is not host:port` });
    return z.NEVER;
  }
  return brokers;
});

export const ZEnvironment = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  BLOXTR8_DATA_DIR: z.string().min(1).default('./.data'),
  DATABASE_URL: ZDatabaseUrl,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  KAFKA_BROKERS: ZKafkaBrokers,
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export type TEnvironment = z.infer<typeof ZEnvironment>;

export interface PlatformConfig {
  readonly http: { readonly host: string; readonly port: number };
  /** PostgreSQL when a URL is given, the embedded PGlite under `dataDir` otherwise. */
  readonly database:
    | { readonly kind: 'postgres'; readonly url: string; readonly poolMax: number }
    | { readonly kind: 'pglite'; readonly dataDir: string };
  readonly dataDir: string;
  /** Apache Kafka when brokers are given, the embedded log in the database otherwise. */
  readonly kafkaBrokers: readonly string[] | undefined;
  readonly logLevel: (typeof LOG_LEVELS)[number];
}

/** A configuration problem, worded as one line an operator can act on. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(
  environment: Readonly<Record<string, string | undefined>>,
): PlatformConfig {
  const parsed = ZEnvironment.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  return {
    http: { host: env.HOST, port: env.PORT },
    database:
      env.DATABASE_URL === undefined
        ? { kind: 'pglite', dataDir: `${env.BLOXTR8_DATA_DIR}/pglite` }
        : { kind: 'postgres', url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX },
    dataDir: env.BLOXTR8_DATA_DIR,
    kafkaBrokers: env.KAFKA_BROKERS,
    logLevel: env.LOG_LEVEL,
  };
}

/**
 * Says what is wrong with a PostgreSQL URL without repeating it: the URL may hold a password.
 * Returns undefined when the URL is usable.
 */
export function describeDatabaseUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL; expected postgres://user@host:5432/database';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    return `has scheme "${url.protocol.replace(/:$/, '')}"; expected postgres://user@host:5432/database`;
  }
  if (url.hostname === '') return 'names no host; expected postgres://user@host:5432/database';
  if (url.pathname.replace(/^\//, '') === '') {
    return 'names no database; expected postgres://user@host:5432/database';
  }
  return undefined;
}
