import { readAuditLog } from '@bloxtr8/audit';
import {
  botHeaders,
  newDiscordUserId,
  signInWithDiscord,
  signUpUser,
} from '@bloxtr8/test-support/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityTestServer } from './identity-test-server.ts';
import { startIdentityTestServer } from './identity-test-server.ts';
import { callApi } from './test-browser.ts';

describe('ADMIN_DISCORD_IDS', () => {
  const founder = newDiscordUserId();
  const cofounder = newDiscordUserId();
  const viaBot = newDiscordUserId();
  let server: IdentityTestServer;
  beforeAll(async () => {
    server = await startIdentityTestServer({ adminDiscordIds: [founder, cofounder, viaBot] });
  });
  afterAll(async () => {
    await server?.close();
  });

  const signUp = (discordUserId: string) =>
    callApi(server.baseUrl, 'POST', '/api/users', {
      headers: botHeaders(discordUserId),
      body: { discordUsername: 'founder', acceptTerms: true },
    });
  const roleChanges = async (userId: string) =>
    (await readAuditLog(server.db, { subjectId: userId, limit: 10 }))
      .filter((entry) => entry.action === 'identity.user.role_change')
      .map(({ actorType, actorId, detail }) => ({ actorType, actorId, detail }));
  const promotion = {
    actorType: 'SYSTEM',
    actorId: null,
    detail: { from: 'USER', to: 'ADMIN', reason: 'ADMIN_DISCORD_IDS' },
  };

  it('makes a listed Discord user ADMIN as they sign up, audited, once', async () => {
    const answer = await signUp(founder);
    expect([answer.status, answer.body.user.role]).toEqual([201, 'ADMIN']);
    expect((await signUp(founder)).body.user.role).toBe('ADMIN');
    expect(await roleChanges(answer.body.user.id)).toEqual([promotion]);
  });

  it('makes a listed user who signed up earlier ADMIN as they sign in with Discord', async () => {
    const user = await signUpUser(server.db, { discordUserId: cofounder });
    const session = await signInWithDiscord(server.baseUrl, server.discord, user);
    const me = await callApi(server.baseUrl, 'GET', '/api/me', { headers: session.headers });
    expect(me.body.user.role).toBe('ADMIN');
    expect(await roleChanges(user.userId)).toEqual([promotion]);
  });

  it('makes a listed user ADMIN on their first call through the bot', async () => {
    const user = await signUpUser(server.db, { discordUserId: viaBot });
    const me = await callApi(server.baseUrl, 'GET', '/api/me', { headers: botHeaders(viaBot) });
    expect(me.body.user.role).toBe('ADMIN');
    expect(await roleChanges(user.userId)).toEqual([promotion]);
  });

  it('leaves everybody else as they are', async () => {
    const answer = await signUp(newDiscordUserId());
    expect([answer.status, answer.body.user.role]).toEqual([201, 'USER']);
    expect(await roleChanges(answer.body.user.id)).toEqual([]);
  });
});
