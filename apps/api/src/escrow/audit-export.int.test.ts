import { recordAudit } from '@bloxtr8/audit';
import { newId } from '@bloxtr8/platform';
import type { TestUser } from '@bloxtr8/test-support/platform';
import { signInWithDiscord, signUpUser } from '@bloxtr8/test-support/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityTestServer } from '../identity/identity-test-server.ts';
import { startIdentityTestServer } from '../identity/identity-test-server.ts';
import { callApi } from '../identity/test-browser.ts';
import { adminRoutes } from './admin-routes.ts';

interface ExportRow {
  actor_type: string;
  actor_id: string;
  subject_id: string;
  ip: string;
  request_id: string;
  occurred_at: Date;
  detail: Record<string, unknown>;
}

describe('audit export', () => {
  let server: IdentityTestServer;
  let admin: TestUser;
  let exportAs: (query: string) => ReturnType<typeof callApi>;
  beforeAll(async () => {
    server = await startIdentityTestServer({
      routes: (db, clock) => [adminRoutes({ db, clock })],
    });
    admin = await signUpUser(server.db, { role: 'ADMIN' });
    const session = await signInWithDiscord(server.baseUrl, server.discord, admin);
    exportAs = (query) =>
      callApi(server.baseUrl, 'GET', `/api/admin/audit${query}`, { headers: session.headers });
  });
  afterAll(async () => {
    await server?.close();
  });

  const exportsBy = async (actorId: string) =>
    (
      await server.db.query<ExportRow>(
        `select actor_type, actor_id, subject_id, host(ip) as ip, request_id, occurred_at, detail
         from audit.audit_log where action = 'audit.export' and actor_id = $1 order by id`,
        [actorId],
      )
    ).rows;

  it('records who exported, when, from where and with which filter, each time', async () => {
    const subjectId = newId();
    await recordAudit(server.db, {
      actorType: 'SYSTEM',
      actorId: null,
      action: 'escrow.timeout',
      subjectType: 'escrow',
      subjectId,
      ip: null,
      userAgent: null,
      requestId: null,
      traceId: null,
      detail: {},
    });
    const before = new Date(Date.now() - 1_000);
    const filtered = await exportAs(`?subjectId=${subjectId}&after=0&limit=5`);
    expect(filtered.status).toBe(200);
    expect(filtered.body.items).toHaveLength(1);
    const everything = await exportAs('');
    expect(everything.status).toBe(200);

    const records = await exportsBy(admin.userId);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      actor_type: 'ADMIN',
      subject_id: subjectId,
      ip: '127.0.0.1',
      request_id: filtered.headers.get('x-request-id'),
      detail: { subjectId, afterId: '0', limit: 5, entries: 1 },
    });
    expect(records[0]?.occurred_at.getTime()).toBeGreaterThan(before.getTime());
    expect(records[1]).toMatchObject({
      subject_id: '*',
      request_id: everything.headers.get('x-request-id'),
      detail: { subjectId: null, afterId: null, limit: 100 },
    });
  });

  it('shows an export in the next export', async () => {
    await exportAs('?limit=1');
    const next = await exportAs('?limit=1000');
    expect(next.body.items.at(-1)).toMatchObject({
      action: 'audit.export',
      actorId: admin.userId,
      detail: { limit: 1 },
    });
  });
});
