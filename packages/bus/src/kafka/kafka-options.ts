import { readFileSync } from 'node:fs';
import type { KafkaConfig, KafkaSaslMechanism, Secret } from '@bloxtr8/platform';
import type { ConnectionOptions } from '@platformatic/kafka';
import type { MemberLedger } from './member-ledger.ts';

export interface KafkaBusOptions {
  /** Bootstrap servers, `host:port`. */
  readonly brokers: readonly string[];
  readonly clientId: string;
  /**
   * Put before every topic and consumer group name on the wire, so environments (or test runs)
   * can share a cluster; callers keep using the catalog's names. Empty for none.
   */
  readonly topicPrefix: string;
  readonly sasl?: {
    readonly mechanism: KafkaSaslMechanism;
    readonly username: string;
    readonly password: Secret;
  };
  /** TLS to the brokers when present. `caFile` adds a private CA; `servername` overrides SNI. */
  readonly tls?: { readonly caFile?: string; readonly servername?: string };
  /**
   * How long this member may go without a successful heartbeat before it presumes itself fenced
   * and gives up its partitions without committing. Match the broker's
   * `group.consumer.session.timeout.ms` (45 s by default): with KIP-848 the broker owns the timer.
   */
  readonly sessionTimeoutMs: number;
  /**
   * Heartbeat at least this often. The broker names an interval too (5 s by default); the shorter
   * one wins, because new assignments only reach a member with a heartbeat response.
   */
  readonly heartbeatIntervalMs: number;
  /** How long the broker waits for this member to hand back revoked partitions before fencing it. */
  readonly rebalanceTimeoutMs: number;
  /** Pause before a message whose handler rejected is delivered again. */
  readonly redeliveryDelayMs: number;
  /** How long a publish may retry (broker failover, leader moves) before it rejects. */
  readonly deliveryTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** How long a fetch waits at the broker for new messages: the idle latency ceiling. */
  readonly fetchMaxWaitMs: number;
  /** Fetched messages held per partition ahead of the handler: the bound on read-ahead memory. */
  readonly maxBufferedPerPartition: number;
  /**
   * Where this process remembers its group members across restarts, so that after a crash it
   * leaves the groups for its dead predecessor at once instead of waiting out the session.
   */
  readonly memberLedger?: MemberLedger;
}

/** What `KafkaBus.open` takes: the brokers, and any option that differs from the default. */
export type KafkaBusOpenOptions = Partial<KafkaBusOptions> & Pick<KafkaBusOptions, 'brokers'>;

export const DEFAULT_KAFKA_BUS_OPTIONS: Omit<KafkaBusOptions, 'brokers'> = {
  clientId: 'bloxtr8',
  topicPrefix: '',
  sessionTimeoutMs: 45_000,
  heartbeatIntervalMs: 5_000,
  rebalanceTimeoutMs: 60_000,
  redeliveryDelayMs: 1_000,
  deliveryTimeoutMs: 120_000,
  connectTimeoutMs: 5_000,
  requestTimeoutMs: 30_000,
  fetchMaxWaitMs: 500,
  maxBufferedPerPartition: 500,
};

/** The adapter's options from the platform configuration; timings keep their defaults. */
export function kafkaBusOptionsFrom(config: KafkaConfig): KafkaBusOpenOptions {
  if (config.brokers === undefined) throw new Error('kafkaBusOptionsFrom: KAFKA_BROKERS is empty');
  return {
    brokers: config.brokers,
    clientId: config.clientId,
    topicPrefix: config.topicPrefix,
    ...(config.sasl === undefined ? {} : { sasl: config.sasl }),
    ...(config.tls === undefined
      ? {}
      : {
          tls: {
            ...(config.tls.caFile === undefined ? {} : { caFile: config.tls.caFile }),
            ...(config.tls.servername === undefined ? {} : { servername: config.tls.servername }),
          },
        }),
  };
}

/**
 * Connection settings shared by every client the adapter opens. The SASL password stays inside
 * its Secret until the moment a connection authenticates.
 */
export function connectionOptionsFor(options: KafkaBusOptions): ConnectionOptions {
  const connection: ConnectionOptions = {
    connectTimeout: options.connectTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
  };
  if (options.sasl !== undefined) {
    const { mechanism, username, password } = options.sasl;
    connection.sasl = { mechanism, username, password: () => password.reveal() };
  }
  if (options.tls !== undefined) {
    const { caFile, servername } = options.tls;
    connection.tls = caFile === undefined ? {} : { ca: readCaFile(caFile) };
    if (servername !== undefined) connection.tlsServerName = servername;
  }
  return connection;
}

function readCaFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the Kafka CA file ${path} (KAFKA_TLS_CA_FILE)`, { cause: error });
  }
}
