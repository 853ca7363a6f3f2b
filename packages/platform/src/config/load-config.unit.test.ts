import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.ts';

function configError(environment: Record<string, string>): string {
  try {
    loadConfig(environment);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  it('defaults to the embedded database and bus under ./.data on 127.0.0.1:3000', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000, trustProxy: false });
    expect(config.database).toEqual({ kind: 'pglite', dataDir: './.data/pglite' });
    expect(config.kafka.brokers).toBeUndefined();
    expect(config.kafka).toEqual({
      brokers: undefined,
      clientId: 'bloxtr8',
      sasl: undefined,
      tls: undefined,
      topicPrefix: '',
      replicationFactor: 3,
      minInsyncReplicas: 2,
    });
    expect(config.logLevel).toBe('info');
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(loadConfig({ DATABASE_URL: '  ' }).database.kind).toBe('pglite');
  });

  it('uses PostgreSQL and Kafka when their addresses are given', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app@db.internal:5432/bloxtr8',
      DATABASE_POOL_MAX: '20',
      KAFKA_BROKERS: '10.0.0.1:9092, 10.0.0.2:9092',
      BLOXTR8_DATA_DIR: '/var/lib/bloxtr8',
    });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://app@db.internal:5432/bloxtr8',
      poolMax: 20,
    });
    expect(config.kafka.brokers).toEqual(['10.0.0.1:9092', '10.0.0.2:9092']);
    expect(config.kafka.brokers).toEqual(['10.0.0.1:9092', '10.0.0.2:9092']);
  });

  it('says in one line what is wrong with a garbage DATABASE_URL, without repeating it', () => {
    const message = configError({ DATABASE_URL: 'not a url with s3cret' });
    expect(message).toBe(
      'invalid configuration: DATABASE_URL: is not a URL; expected postgres://user@host:5432/database',
    );
    expect(message).not.toContain('s3cret');
    expect(configError({ DATABASE_URL: 'mysql://root:pw@localhost/db' })).toContain(
      'DATABASE_URL: has scheme "mysql"',
    );
    expect(configError({ DATABASE_URL: 'postgres://localhost:5432' })).toContain(
      'names no database',
    );
  });

  it('lists every problem at once', () => {
    const message = configError({ PORT: 'eighty', LOG_LEVEL: 'loud', KAFKA_BROKERS: 'kafka' });
    expect(message).toMatch(/^invalid configuration: /);
    expect(message).toContain('PORT:');
    expect(message).toContain('LOG_LEVEL:');
    expect(message).toContain('KAFKA_BROKERS: "kafka" is not host:port');
    expect(message).not.toContain('\n');
  });

  describe('kafka', () => {
    const brokers = { KAFKA_BROKERS: 'kafka-1:9093' };

    it('reads SASL credentials into a Secret that never prints the password', () => {
      const config = loadConfig({
        ...brokers,
        KAFKA_CLIENT_ID: 'escrow-worker',
        KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
        KAFKA_SASL_USERNAME: 'escrow',
        KAFKA_SASL_PASSWORD: 'hunter2-s3cret',
        KAFKA_TLS: 'true',
        KAFKA_TLS_CA_FILE: '/etc/kafka/ca.pem',
        KAFKA_REPLICATION_FACTOR: '3',
        KAFKA_MIN_INSYNC_REPLICAS: '2',
      });
      expect(config.kafka.clientId).toBe('escrow-worker');
      expect(config.kafka.sasl?.mechanism).toBe('SCRAM-SHA-512');
      expect(config.kafka.sasl?.username).toBe('escrow');
      expect(config.kafka.sasl?.password.reveal()).toBe('hunter2-s3cret');
      expect(config.kafka.tls).toEqual({ caFile: '/etc/kafka/ca.pem', servername: undefined });
      expect(inspect(config, { depth: 5 })).not.toContain('hunter2');
      expect(JSON.stringify(config)).not.toContain('hunter2');
    });

    it('takes a single broker setup for local development', () => {
      const config = loadConfig({
        ...brokers,
        KAFKA_REPLICATION_FACTOR: '1',
        KAFKA_MIN_INSYNC_REPLICAS: '1',
        KAFKA_TLS: 'false',
        KAFKA_SASL_MECHANISM: '',
      });
      expect(config.kafka).toMatchObject({
        replicationFactor: 1,
        minInsyncReplicas: 1,
        tls: undefined,
        sasl: undefined,
      });
    });

    it('refuses a SASL mechanism without credentials, and credentials without a mechanism', () => {
      expect(configError({ ...brokers, KAFKA_SASL_MECHANISM: 'PLAIN' })).toBe(
        'invalid configuration: KAFKA_SASL_USERNAME: is required when KAFKA_SASL_MECHANISM=PLAIN; ' +
          'KAFKA_SASL_PASSWORD: is required when KAFKA_SASL_MECHANISM=PLAIN',
      );
      const message = configError({
        ...brokers,
        KAFKA_SASL_USERNAME: 'escrow',
        KAFKA_SASL_PASSWORD: 'hunter2-s3cret',
      });
      expect(message).toContain('KAFKA_SASL_USERNAME: is set but KAFKA_SASL_MECHANISM is empty');
      expect(message).not.toContain('hunter2');
    });

    it('refuses unknown mechanisms, non-boolean TLS flags and TLS files without TLS', () => {
      expect(configError({ ...brokers, KAFKA_SASL_MECHANISM: 'GSSAPI' })).toContain(
        'KAFKA_SASL_MECHANISM:',
      );
      expect(configError({ ...brokers, KAFKA_TLS: 'yes' })).toContain(
        'KAFKA_TLS: expected true or false',
      );
      expect(configError({ ...brokers, KAFKA_TLS_CA_FILE: '/etc/kafka/ca.pem' })).toContain(
        'KAFKA_TLS_CA_FILE: is set but KAFKA_TLS is not true',
      );
    });

    it('refuses a min.insync.replicas larger than the replication factor', () => {
      expect(
        configError({ KAFKA_REPLICATION_FACTOR: '1', KAFKA_MIN_INSYNC_REPLICAS: '2' }),
      ).toContain('KAFKA_MIN_INSYNC_REPLICAS: (2) exceeds KAFKA_REPLICATION_FACTOR (1)');
      expect(configError({ KAFKA_REPLICATION_FACTOR: '0' })).toContain('KAFKA_REPLICATION_FACTOR:');
      expect(configError({ KAFKA_CLIENT_ID: 'has spaces' })).toContain('KAFKA_CLIENT_ID:');
    });
  });
  it('takes a topic prefix that ends with a dot, and refuses any other', () => {
    expect(loadConfig({ KAFKA_TOPIC_PREFIX: 'staging.' }).kafka.topicPrefix).toBe('staging.');
    expect(configError({ KAFKA_TOPIC_PREFIX: 'Staging' })).toContain('KAFKA_TOPIC_PREFIX:');
  });

  it('defaults the escrow to SPEC timeouts, a 5 % fee and the Stripe sandbox', () => {
    const config = loadConfig({});
    expect(config.escrow).toEqual({
      fundingTimeoutMs: 72 * 3_600_000,
      autoReleaseMs: 7 * 24 * 3_600_000,
      disputeAlertMs: 30 * 24 * 3_600_000,
      sweepIntervalMs: 30_000,
      platformFeeBps: 500,
    });
    expect(config.stripe).toEqual({ mode: 'sandbox' });
  });

  it('uses live Stripe only with both its keys, and never shows them', () => {
    const config = loadConfig({
      STRIPE_SECRET_KEY: 'sk_test_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_xyz789',
    });
    expect(config.stripe.mode).toBe('live');
    expect(JSON.stringify(config.stripe)).not.toMatch(/abc123|xyz789/);
    expect(configError({ STRIPE_SECRET_KEY: 'sk_test_abc123' })).toContain(
      'STRIPE_WEBHOOK_SECRET: is required when STRIPE_SECRET_KEY is set',
    );
    expect(configError({ STRIPE_SECRET_KEY: 'pk_test_abc' })).toContain(
      'STRIPE_SECRET_KEY: is not a Stripe secret',
    );
    expect(configError({ PLATFORM_FEE_BPS: '10001' })).toContain('PLATFORM_FEE_BPS:');
  });
});

describe('the Discord bot configuration', () => {
  it('is the sandbox without its three variables, and live with all three', () => {
    expect(loadConfig({}).discordBot).toEqual({ mode: 'sandbox' });
    const config = loadConfig({
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_PUBLIC_KEY: 'AB'.repeat(32),
      DISCORD_BOT_TOKEN: 'bot-token-s3cret',
    });
    expect(config.discordBot).toMatchObject({
      mode: 'live',
      applicationId: '123456789012345678',
      publicKeyHex: 'ab'.repeat(32),
    });
    expect(inspect(config.discordBot)).not.toContain('s3cret');
  });

  it('names the missing ones when only some are set, and refuses a malformed key', () => {
    const message = configError({ DISCORD_APPLICATION_ID: '123456789012345678' });
    expect(message).toContain('DISCORD_PUBLIC_KEY: is required when DISCORD_APPLICATION_ID is set');
    expect(message).toContain('DISCORD_BOT_TOKEN: is required');
    expect(configError({ DISCORD_PUBLIC_KEY: 'xyz' })).toContain('DISCORD_PUBLIC_KEY: is not');
  });
});
