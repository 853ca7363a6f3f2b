import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { loadConfig } from '@bloxtr8/platform';
import { describe, expect, it } from 'vitest';
import type { KafkaBusOptions } from './kafka-options.ts';
import {
  connectionOptionsFor,
  DEFAULT_KAFKA_BUS_OPTIONS,
  kafkaBusOptionsFrom,
} from './kafka-options.ts';

describe('Kafka connection options', () => {
  it('carries SASL credentials from the configuration, revealing the password only on demand', async () => {
    const config = loadConfig({
      KAFKA_BROKERS: 'kafka-1:9093',
      KAFKA_CLIENT_ID: 'payments',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
      KAFKA_SASL_USERNAME: 'payments',
      KAFKA_SASL_PASSWORD: 'hunter2-s3cret',
    });
    const open = kafkaBusOptionsFrom(config.kafka);
    expect(open).toMatchObject({ brokers: ['kafka-1:9093'], clientId: 'payments' });
    expect(inspect(open, { depth: 5 })).not.toContain('hunter2');

    const connection = connectionOptionsFor({ ...DEFAULT_KAFKA_BUS_OPTIONS, ...open });
    expect(connection.sasl?.mechanism).toBe('SCRAM-SHA-256');
    expect(connection.sasl?.username).toBe('payments');
    const password = connection.sasl?.password;
    expect(typeof password).toBe('function');
    expect(typeof password === 'function' ? await password() : password).toBe('hunter2-s3cret');
    expect(connection.tls).toBeUndefined();
  });

  it('turns TLS on with a private CA read from its file and an SNI name', () => {
    const directory = mkdtempSync(join(tmpdir(), 'bloxtr8-ca-'));
    const caFile = join(directory, 'ca.pem');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const options: KafkaBusOptions = {
      ...DEFAULT_KAFKA_BUS_OPTIONS,
      brokers: ['kafka-1:9093'],
      tls: { caFile, servername: 'kafka.internal' },
    };
    const connection = connectionOptionsFor(options);
    expect(connection.tls?.ca).toContain('BEGIN CERTIFICATE');
    expect(connection.tlsServerName).toBe('kafka.internal');
  });

  it('uses plain TLS with the system CAs when no CA file is given', () => {
    const config = loadConfig({ KAFKA_BROKERS: 'kafka-1:9093', KAFKA_TLS: 'true' });
    const connection = connectionOptionsFor({
      ...DEFAULT_KAFKA_BUS_OPTIONS,
      ...kafkaBusOptionsFrom(config.kafka),
    });
    expect(connection.tls).toEqual({});
    expect(connection.tlsServerName).toBeUndefined();
  });
});
