import { z } from 'zod';
import { Secret } from '../secret.ts';
import type { ConfigProblem } from './text-fields.ts';
import { optionalText, ZBooleanFlag } from './text-fields.ts';

export const KAFKA_SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

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

const ZReplicaCount = z.coerce.number().int().min(1).max(32);

/** The Kafka variables of the environment (see .env.example). */
export const kafkaEnvironment = {
  KAFKA_BROKERS: ZKafkaBrokers,
  KAFKA_CLIENT_ID: optionalText
    .pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" and "-" only')
        .optional(),
    )
    .transform((value) => value ?? 'bloxtr8'),
  KAFKA_SASL_MECHANISM: optionalText.pipe(z.enum(KAFKA_SASL_MECHANISMS).optional()),
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
};

type KafkaEnvironment = z.infer<z.ZodObject<typeof kafkaEnvironment>>;

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

/** Settings that are only wrong in combination; each names the variable to fix. */
export function kafkaProblems(env: KafkaEnvironment): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
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

export function kafkaConfigOf(env: KafkaEnvironment): KafkaConfig {
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
