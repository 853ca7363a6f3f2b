import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

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
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(config.database).toEqual({ kind: 'pglite', dataDir: './.data/pglite' });
    expect(config.kafkaBrokers).toBeUndefined();
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
    expect(config.kafkaBrokers).toEqual(['10.0.0.1:9092', '10.0.0.2:9092']);
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
});
