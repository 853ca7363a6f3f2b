import { z } from 'zod';
import { Secret } from './secret.ts';

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

export const KAFKA_SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

const ZKafkaSaslMechanism = optionalText.pipe(z.enum(KAFKA_SASL_MECHANISMS).optional());

/** Only the words `true` and `false`: a typo such as `ture` must not silently mean "off". */
const ZBooleanFlag = optionalText.pipe(
  z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .optional()
    .transform((value) => value === 'true'),
);

const ZReplicaCount = z.coerce.number().int().min(1).max(32);

export const ZEnvironment = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    BLOXTR8_DATA_DIR: z.string().min(1).default('./.data'),
    DATABASE_URL: ZDatabaseUrl,
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    KAFKA_BROKERS: ZKafkaBrokers,
    KAFKA_CLIENT_ID: optionalText
      .pipe(
        z
          .string()
          .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" and "-" only')
          .optional(),
      )
      .transform((value) => value ?? 'bloxtr8'),
    KAFKA_SASL_MECHANISM: ZKafkaSaslMechanism,
    KAFKA_SASL_USERNAME: optionalText,
    KAFKA_SASL_PASSWORD: optionalText,
    KAFKA_TLS: ZBooleanFlag,
    KAFKA_TLS_CA_FILE: optionalText,
    KAFKA_TLS_SERVERNAME: optionalText,
    KAFKA_TOPIC_PREFIX: optionalText.pipe(
      z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]*\.$/, 'use lowercase letters, digits and "-", ending with "."')
        .optional(),
    ),
    KAFKA_REPLICATION_FACTOR: ZReplicaCount.default(3),
    KAFKA_MIN_INSYNC_REPLICAS: ZReplicaCount.default(2),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  })
  .superRefine((env, context) => {
    for (const problem of kafkaProblems(env)) context.addIssue({ code: 'custom', ...problem });
  });

export type TEnvironment = z.infer<typeof ZEnvironment>;

/** Settings that are only wrong in combination; each names the variable to fix. */
function kafkaProblems(env: {
  KAFKA_SASL_MECHANISM?: string | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
  KAFKA_TLS: boolean;
  KAFKA_TLS_CA_FILE?: string | undefined;
  KAFKA_TLS_SERVERNAME?: string | undefined;
  KAFKA_REPLICATION_FACTOR: number;
  KAFKA_MIN_INSYNC_REPLICAS: number;
}): Array<{ path: string[]; message: string }> {
  const problems: Array<{ path: string[]; message: string }> = [];
  const mechanism = env.KAFKA_SASL_MECHANISM;
  for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
    if (mechanism !== undefined && env[name] === undefined) {
      problems.push({
        path: [name],
        message: `is required when KAFKA_SASL_MECHANISM=${mechanism}`,
      });
    }
    if (mechanism === undefined && env[name] !== undefined) {
      problems.push({ path: [name], message: 'is set but KAFKA_SASL_MECHANISM is empty' });
    }
  }
  for (const name of ['KAFKA_TLS_CA_FILE', 'KAFKA_TLS_SERVERNAME'] as const) {
    if (!env.KAFKA_TLS && env[name] !== undefined) {
      problems.push({ path: [name], message: 'is set but KAFKA_TLS is not true' });
    }
  }
  if (env.KAFKA_MIN_INSYNC_REPLICAS > env.KAFKA_REPLICATION_FACTOR) {
    problems.push({
      path: ['KAFKA_MIN_INSYNC_REPLICAS'],
      message: `(${env.KAFKA_MIN_INSYNC_REPLICAS}) exceeds KAFKA_REPLICATION_FACTOR (${env.KAFKA_REPLICATION_FACTOR}); no write could ever succeed`,
    });
  }
  return problems;
}

export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** How to reach and provision Apache Kafka. */
export interface KafkaConfig {
  /** Bootstrap servers; undefined means the embedded log in the database carries the messages. */
  readonly brokers: readonly string[] | undefined;
  readonly clientId: string;
  readonly sasl:
    | {
        readonly mechanism: KafkaSaslMechanism;
        readonly username: string;
        readonly password: Secret;
      }
    | undefined;
  /** TLS to the brokers when present; `caFile` adds a private CA, `servername` overrides SNI. */
  readonly tls:
    | { readonly caFile: string | undefined; readonly servername: string | undefined }
    | undefined;
  /**
   * Put before every topic and consumer group name on the wire, e.g. `staging.`, so that several
   * environments (or test runs) share one cluster without seeing each other. Empty by default.
   */
  readonly topicPrefix: string;
  /** What topic provisioning creates: replicas per partition and the ISR size acks=all waits for. */
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
}

export interface PlatformConfig {
  readonly http: { readonly host: string; readonly port: number };
  /** PostgreSQL when a URL is given, the embedded PGlite under `dataDir` otherwise. */
  readonly database:
    | { readonly kind: 'postgres'; readonly url: string; readonly poolMax: number }
    | { readonly kind: 'pglite'; readonly dataDir: string };
  readonly dataDir: string;
  /** Apache Kafka when brokers are given, the embedded log in the database otherwise. */
  readonly kafka: KafkaConfig;
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
    kafka: kafkaConfigOf(env),
    logLevel: env.LOG_LEVEL,
  };
}

function kafkaConfigOf(env: TEnvironment): KafkaConfig {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username } = env;
  const password = env.KAFKA_SASL_PASSWORD;
  return {
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID,
    sasl:
      mechanism === undefined || username === undefined || password === undefined
        ? undefined
        : { mechanism, username, password: new Secret(password) },
    tls: env.KAFKA_TLS
      ? { caFile: env.KAFKA_TLS_CA_FILE, servername: env.KAFKA_TLS_SERVERNAME }
      : undefined,
    topicPrefix: env.KAFKA_TOPIC_PREFIX ?? '',
    replicationFactor: env.KAFKA_REPLICATION_FACTOR,
    minInsyncReplicas: env.KAFKA_MIN_INSYNC_REPLICAS,
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
