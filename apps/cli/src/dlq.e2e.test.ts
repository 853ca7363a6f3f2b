import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allTopicDefinitions } from '@bloxtr8/contracts';
import { migrate, openPglite } from '@bloxtr8/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as bloxtr8 } from './run-cli.ts';

describe('bloxtr8 dlq, on the embedded default', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bloxtr8-dlq-'));
  const letterId = randomUUID();
  const payload = new Uint8Array([1, 2, 3, 250]);

  beforeAll(async () => {
    const db = await openPglite({ kind: 'directory', path: join(dataDir, 'pglite') });
    await migrate(db);
    await db.query(
      `insert into bus.topics (name, partitions, retention_ms)
       select unnest($1::text[]), 12, 604800000 on conflict do nothing`,
      [allTopicDefinitions().map((topic) => topic.name)],
    );
    await db.query(
      `insert into bus.partitions (topic, partition)
       select name, generate_series(0, 11) from bus.topics on conflict do nothing`,
    );
    await db.query(
      `insert into bus.dead_letters (id, dlq_topic, origin_topic, origin_partition, origin_offset, consumer_group,
         message_key, value, headers, error_kind, error_type, error_message, retry_count, failed_at)
       values ($1, 'escrow.commands.v1.dlq', 'escrow.commands.v1', 3, 41, 'escrow.commands', 'esc-1', $2,
         '{"x-event-id":"e-1"}', 'PERMANENT', 'AMOUNT_MISMATCH', 'amount does not match', 0, now())`,
      [letterId, payload],
    );
    await db.close();
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists a pending dead letter with where it came from and why it failed', async () => {
    const listed = await bloxtr8(dataDir, 'dlq', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(letterId);
    expect(listed.stdout).toContain('escrow.commands.v1[3]@41');
    expect(listed.stdout).toContain('PERMANENT/AMOUNT_MISMATCH');
    expect(listed.stdout).toContain('pending');
  });

  it('shows the letter with its exact payload', async () => {
    const shown = await bloxtr8(dataDir, 'dlq', 'show', letterId);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      id: letterId,
      originTopic: 'escrow.commands.v1',
      payloadBase64: Buffer.from(payload).toString('base64'),
      headers: { 'x-event-id': 'e-1' },
    });
  });

  it('replays it byte for byte onto its topic and marks it replayed', async () => {
    const replayed = await bloxtr8(dataDir, 'dlq', 'replay', letterId);
    expect(replayed.stdout).toContain(`replayed ${letterId} to escrow.commands.v1`);
    expect(replayed.code).toBe(0);
    const db = await openPglite({ kind: 'directory', path: join(dataDir, 'pglite') });
    try {
      const { rows } = await db.query<{ value: Uint8Array; headers: Record<string, string> }>(
        `select value, headers from bus.messages where topic = 'escrow.commands.v1' and message_key = 'esc-1'`,
      );
      expect(rows).toHaveLength(1);
      expect([...(rows[0]?.value ?? [])]).toEqual([...payload]);
      expect(rows[0]?.headers['x-replayed-from']).toBe(letterId);
    } finally {
      await db.close();
    }
    expect((await bloxtr8(dataDir, 'dlq', 'list')).stdout).toContain('no dead letters');
    expect((await bloxtr8(dataDir, 'dlq', 'list', '--all')).stdout).toContain('replayed x1');
  });

  it('says so when a dead letter does not exist', async () => {
    const missing = await bloxtr8(dataDir, 'dlq', 'replay', randomUUID());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no dead letter/);
  });
});
