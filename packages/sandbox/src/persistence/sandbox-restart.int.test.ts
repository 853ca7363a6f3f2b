import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDiscordDouble } from '../discord/index.ts';
import { startRobloxDouble } from '../roblox/index.ts';
import { startStripeDouble, stripeClientFor } from '../stripe/index.ts';
import { ObjectStore } from '../stripe/object-store.ts';
import { snapshotObjectStore } from '../stripe/object-store-snapshot.ts';

const directory = mkdtempSync(join(tmpdir(), 'bloxtr8-sandbox-state-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('sandboxes with a state file survive a restart', () => {
  it('Stripe: accounts, payment intents, charges and transfers are still there', async () => {
    const stateFile = join(directory, 'stripe.json');
    const first = await startStripeDouble({ stateFile });
    const stripe = stripeClientFor(first);
    const intent = await stripe.paymentIntents.create({ amount: 2_500, currency: 'usd' });
    await first.control.succeedPaymentIntent(intent.id);
    const charge = (await stripe.paymentIntents.retrieve(intent.id)).latest_charge as string;
    const account = await first.control.registerAccount({});
    const transfer = await stripe.transfers.create({
      amount: 2_000,
      currency: 'usd',
      destination: account.id,
      source_transaction: charge,
    });
    await first.close();

    const second = await startStripeDouble({ stateFile });
    try {
      const again = stripeClientFor(second);
      expect((await again.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
      expect((await again.transfers.retrieve(transfer.id)).destination).toBe(account.id);
      expect((await again.accounts.retrieve(account.id)).payouts_enabled).toBe(true);
      expect((await second.control.events()).length).toBeGreaterThan(0);
      // The charge's funds are still pending, and what is left of them still pays a transfer.
      await expect(
        again.transfers.create({ amount: 500, currency: 'usd', destination: account.id }),
      ).rejects.toMatchObject({ code: 'balance_insufficient' });
      await again.transfers.create({
        amount: 500,
        currency: 'usd',
        destination: account.id,
        source_transaction: charge,
      });
    } finally {
      await second.close();
    }
    expect(readdirSync(directory).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('Stripe: every collection of the object store is in its saved state', async () => {
    const store = new ObjectStore(10);
    const collections = Object.entries(store)
      .filter(([, value]) => value instanceof Map)
      .map(([name]) => name);
    expect(Object.keys(snapshotObjectStore(store).collections).sort()).toEqual(collections.sort());
  });

  it('Roblox: seeded users and games are still there', async () => {
    const stateFile = join(directory, 'roblox.json');
    const first = await startRobloxDouble({ stateFile });
    await first.control.addUniverse({ id: '98765432', creator: { id: '12345678', type: 'User' } });
    await first.close();

    const second = await startRobloxDouble({ stateFile });
    try {
      const games = await fetch(`${second.url}/games/v1/games?universeIds=98765432`);
      const { data } = (await games.json()) as { data: Array<{ id: number; name: string }> };
      expect(data.map((game) => game.id)).toEqual([98765432]);
    } finally {
      await second.close();
    }
  });

  it('Discord: a code issued before the restart is redeemed after it, and its refresh token after another', async () => {
    const stateFile = join(directory, 'discord.json');
    const client = { clientId: '123456789012', clientSecret: 'made-up-discord-client-secret' };
    const redirectUri = 'http://127.0.0.1:1/callback';
    const verifier = randomBytes(32).toString('base64url');
    const first = await startDiscordDouble({ ...client, stateFile });
    const authorize = new URL('/oauth2/authorize', first.url);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: redirectUri,
      scope: 'identify',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      test_user_id: '123456789012345678',
    }).toString();
    const granted = await fetch(authorize, { redirect: 'manual' });
    const code = new URL(granted.headers.get('location') ?? '').searchParams.get('code') ?? '';
    await first.close();

    const tokenRequest = (url: string, grant: Record<string, string>) =>
      fetch(`${url}/api/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          ...grant,
          client_id: client.clientId,
          client_secret: client.clientSecret,
        }),
      });
    const second = await startDiscordDouble({ ...client, stateFile });
    let refreshToken = '';
    try {
      const token = await tokenRequest(second.url, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      });
      expect(token.status).toBe(200);
      refreshToken = ((await token.json()) as { refresh_token: string }).refresh_token;
    } finally {
      await second.close();
    }

    const third = await startDiscordDouble({ ...client, stateFile });
    try {
      const refresh = { grant_type: 'refresh_token', refresh_token: refreshToken };
      expect((await tokenRequest(third.url, refresh)).status).toBe(200);
      // Rotated: the same refresh token is good once.
      expect((await tokenRequest(third.url, refresh)).status).toBe(400);
    } finally {
      await third.close();
    }
  });
});
