import { readAuditLog } from '@bloxtr8/audit';
import { findWallet } from '@bloxtr8/identity';
import { chainalysisScreening, createWalletScreener, trmLabsScreening } from '@bloxtr8/payments';
import { ManualClock, Secret } from '@bloxtr8/platform';
import type { ChainalysisDouble, TrmDouble } from '@bloxtr8/sandbox/screening';
import { startChainalysisDouble, startTrmDouble } from '@bloxtr8/sandbox/screening';
import { ApiCaller, botHeaders, signUpUser } from '@bloxtr8/test-support/platform';
import type { PrivateKeyAccount } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityTestServer } from '../identity/identity-test-server.ts';
import { startIdentityTestServer } from '../identity/identity-test-server.ts';
import { walletRoutes } from './wallet-routes.ts';

const newWallet = () => privateKeyToAccount(generatePrivateKey());

describe('registering a USDC wallet through the API', () => {
  let server: IdentityTestServer;
  let trm: TrmDouble;
  let chainalysis: ChainalysisDouble;
  beforeAll(async () => {
    trm = await startTrmDouble({ apiKey: 'trm' });
    chainalysis = await startChainalysisDouble({ apiKey: 'chainalysis' });
    const clock = new ManualClock(new Date());
    const screener = createWalletScreener(
      [
        trmLabsScreening({ apiUrl: new URL(trm.url), apiKey: new Secret('trm') }),
        chainalysisScreening({
          apiUrl: new URL(chainalysis.url),
          apiKey: new Secret('chainalysis'),
        }),
      ],
      { clock, retry: { attempts: 1, initialMs: 1, maxMs: 1 } },
    );
    server = await startIdentityTestServer({
      routes: (db, serverClock) => [walletRoutes({ db, clock: serverClock, screener })],
    });
  });
  afterAll(async () => {
    await server?.close();
    await trm?.close();
    await chainalysis?.close();
  });

  async function trader() {
    const user = await signUpUser(server.db, { tier: 'TIER_1' });
    return { user, api: new ApiCaller(server.baseUrl, botHeaders(user.discordUserId)) };
  }
  async function challengeFor(api: ApiCaller, wallet: PrivateKeyAccount, purpose = 'PAYOUT') {
    const answer = await api.post('/api/me/wallets/challenge', {
      purpose,
      address: wallet.address,
    });
    expect(answer.status).toBe(201);
    return answer.body as { challengeId: string; message: string };
  }
  const register = (api: ApiCaller, challengeId: string, signature: string) =>
    api.post('/api/me/wallets', { challengeId, signature });

  it('registers a wallet that signed its challenge, once, audited', async () => {
    const { user, api } = await trader();
    const wallet = newWallet();
    const challenge = await challengeFor(api, wallet);
    expect(challenge.message).toContain(wallet.address.toLowerCase());
    const signature = await wallet.signMessage({ message: challenge.message });

    const registered = await register(api, challenge.challengeId, signature);
    const replayed = await register(api, challenge.challengeId, signature);

    expect(registered.body).toMatchObject({
      purpose: 'PAYOUT',
      address: wallet.address.toLowerCase(),
    });
    expect([replayed.status, replayed.body.code]).toEqual([410, 'CHALLENGE_USED']);
    expect(await findWallet(server.db, user.userId, 'PAYOUT')).toBe(wallet.address.toLowerCase());
    expect((await api.get('/api/me/wallets')).body).toEqual({
      payout: wallet.address.toLowerCase(),
      refund: null,
    });
    const audit = await readAuditLog(server.db, { subjectId: user.userId, limit: 10 });
    expect(audit.map((entry) => entry.action)).toContain('identity.payout_wallet.link');
  });

  it('refuses a signature by another key, and another user’s challenge', async () => {
    const { api } = await trader();
    const wallet = newWallet();
    const challenge = await challengeFor(api, wallet);
    const forged = await newWallet().signMessage({ message: challenge.message });
    const otherMessage = await wallet.signMessage({ message: `${challenge.message} ` });

    expect((await register(api, challenge.challengeId, forged)).body.code).toBe(
      'WALLET_SIGNATURE_INVALID',
    );
    expect((await register(api, challenge.challengeId, otherMessage)).body.code).toBe(
      'WALLET_SIGNATURE_INVALID',
    );
    const stranger = await trader();
    const signature = await wallet.signMessage({ message: challenge.message });
    const stolen = await register(stranger.api, challenge.challengeId, signature);
    expect([stolen.status, stolen.body.code]).toEqual([404, 'CHALLENGE_NOT_FOUND']);
  });

  it('refuses an expired challenge', async () => {
    const { api } = await trader();
    const wallet = newWallet();
    const challenge = await challengeFor(api, wallet);
    server.clock.advanceBy(10 * 60_000 + 1);
    const signature = await wallet.signMessage({ message: challenge.message });
    const late = await register(api, challenge.challengeId, signature);
    expect([late.status, late.body.code]).toEqual([410, 'CHALLENGE_EXPIRED']);
  });

  it('refuses a sanctioned or risky wallet, keeps the first wallet, and one wallet per user', async () => {
    const { user, api } = await trader();
    const sanctioned = newWallet();
    chainalysis.sanction(sanctioned.address);
    const challenge = await challengeFor(api, sanctioned, 'REFUND');
    const refused = await register(
      api,
      challenge.challengeId,
      await sanctioned.signMessage({ message: challenge.message }),
    );
    expect([refused.status, refused.body.code]).toEqual([409, 'WALLET_REFUSED']);
    expect(await findWallet(server.db, user.userId, 'REFUND')).toBeUndefined();

    const first = newWallet();
    const firstChallenge = await challengeFor(api, first, 'REFUND');
    await register(
      api,
      firstChallenge.challengeId,
      await first.signMessage({ message: firstChallenge.message }),
    );
    const second = newWallet();
    const secondChallenge = await challengeFor(api, second, 'REFUND');
    const again = await register(
      api,
      secondChallenge.challengeId,
      await second.signMessage({ message: secondChallenge.message }),
    );
    expect([again.status, again.body.code]).toEqual([409, 'WALLET_ALREADY_REGISTERED']);
    expect(await findWallet(server.db, user.userId, 'REFUND')).toBe(first.address.toLowerCase());
  });

  it('registers nothing while screening is down', async () => {
    const { user, api } = await trader();
    const wallet = newWallet();
    const challenge = await challengeFor(api, wallet);
    trm.setOutage(true);
    try {
      const down = await register(
        api,
        challenge.challengeId,
        await wallet.signMessage({ message: challenge.message }),
      );
      expect([down.status, down.body.code]).toEqual([503, 'SCREENING_UNAVAILABLE']);
    } finally {
      trm.setOutage(false);
    }
    expect(await findWallet(server.db, user.userId, 'PAYOUT')).toBeUndefined();
  });

  it('refuses an address that is not one, and traders below TIER_1', async () => {
    const { api } = await trader();
    const bad = await api.post('/api/me/wallets/challenge', {
      purpose: 'PAYOUT',
      address: '0x1234',
    });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const newcomer = await signUpUser(server.db, { tier: 'TIER_0' });
    const low = await new ApiCaller(server.baseUrl, botHeaders(newcomer.discordUserId)).post(
      '/api/me/wallets/challenge',
      { purpose: 'PAYOUT', address: newWallet().address },
    );
    expect([low.status, low.body.code]).toEqual([403, 'TIER_TOO_LOW']);
  });
});
