import { readAuditLog } from '@bloxtr8/audit';
import type { TrustProxy } from '@bloxtr8/platform';
import { botHeaders, newDiscordUserId } from '@bloxtr8/test-support/platform';
import { afterEach, describe, expect, it } from 'vitest';
import type { IdentityTestServer } from './identity-test-server.ts';
import { startIdentityTestServer } from './identity-test-server.ts';
import { callApi } from './test-browser.ts';

const CLIENT_A = '203.0.113.10';
const CLIENT_B = '198.51.100.20';
const LIMIT = 3;

/** The test's own requests come from 127.0.0.1: here, that is the load balancer. */
const settings: [string, TrustProxy | undefined, 'client' | 'proxy'][] = [
  ['trusting no proxy (the default)', undefined, 'proxy'],
  ['trusting one hop', 1, 'client'],
  ['trusting the proxy by address', ['127.0.0.1/32'], 'client'],
];

describe.each(settings)('the client address %s', (_name, trustProxy, seen) => {
  let server: IdentityTestServer;
  afterEach(async () => {
    await server?.close();
  });
  const start = async () => {
    server = await startIdentityTestServer({
      rateLimit: { perMinute: LIMIT },
      ...(trustProxy === undefined ? {} : { trustProxy }),
    });
  };
  const anonymous = (forwardedFor: string) =>
    callApi(server.baseUrl, 'GET', '/openapi.json', {
      headers: { 'x-forwarded-for': forwardedFor },
    });

  it(`rate-limits per ${seen === 'client' ? 'client' : 'proxy'} address`, async () => {
    await start();
    for (let request = 0; request < LIMIT; request += 1) {
      expect((await anonymous(CLIENT_A)).status).toBe(200);
    }
    expect((await anonymous(CLIENT_A)).status).toBe(429);
    const other = await anonymous(CLIENT_B);
    expect(other.status).toBe(seen === 'client' ? 200 : 429);
  });

  it(`records the ${seen} address in the audit log, whatever a client prepends`, async () => {
    await start();
    const discordUserId = newDiscordUserId();
    const signedUp = await callApi(server.baseUrl, 'POST', '/api/users', {
      headers: {
        ...botHeaders(discordUserId),
        // A client's own X-Forwarded-For, to which the load balancer appended its peer.
        'x-forwarded-for': `192.0.2.66, ${CLIENT_A}`,
      },
      body: { discordUsername: 'proxied', acceptTerms: true },
    });
    expect(signedUp.status).toBe(201);
    const [signUp] = await readAuditLog(server.db, { subjectId: signedUp.body.user.id, limit: 1 });
    expect(signUp?.ip).toBe(seen === 'client' ? CLIENT_A : '127.0.0.1');
  });
});
