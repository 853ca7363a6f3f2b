import { VoidReason } from '@bloxtr8/contracts';
import { startContractSweeper, voidExpiredContracts } from '@bloxtr8/marketplace';
import { contractEventsOf } from '@bloxtr8/marketplace/testing';
import { createLogger } from '@bloxtr8/platform';
import { ApiCaller, eventually } from '@bloxtr8/test-support/platform';
import { describe, expect, it } from 'vitest';
import type { ContractFixture, ContractTestServer } from './contract-test-server.ts';
import { expectProblem, useContractTestServer } from './contract-test-server.ts';

const AGREE = { confirm: 'I AGREE' };
const MINUTE_MS = 60_000;

describe('web signing through a magic link, and voiding unsigned contracts', () => {
  let server!: ContractTestServer;
  useContractTestServer((started) => {
    server = started;
  });
  /** Nobody signed in: the link's token is the only credential. */
  const anonymous = () => new ApiCaller(server.baseUrl, {});

  async function linkFor(contract: ContractFixture, who: 'buyer' | 'seller'): Promise<string> {
    const issued = await server
      .as(contract[who])
      .post(`/api/contracts/${contract.contractId}/sign-link`);
    expect(issued.status).toBe(201);
    expect(issued.body.path).toMatch(/^\/sign\/[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(issued.body.expiresAt) - server.clock.now().getTime()).toBe(15 * MINUTE_MS);
    return issued.body.path.slice('/sign/'.length);
  }

  const signByLink = (token: string) =>
    anonymous().post('/api/contracts/sign-by-link', { token, ...AGREE });

  async function signaturesOf(contractId: string) {
    const { rows } = await server.db.query<{ user_id: string; method: string }>(
      'select user_id, method from marketplace.signatures where contract_id = $1 order by signed_at, id',
      [contractId],
    );
    return rows;
  }

  it('signs as the party the link was issued to, and executes with the second signature', async () => {
    const contract = await server.newContract();
    await server.as(contract.seller).post(`/api/contracts/${contract.contractId}/sign`, AGREE);
    const token = await linkFor(contract, 'buyer');
    const signed = await signByLink(token);
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({
      executed: true,
      signature: { userId: contract.buyer.userId, method: 'WEB_SIGN' },
      contract: { status: 'EXECUTED' },
    });
    expect(await signaturesOf(contract.contractId)).toEqual([
      { user_id: contract.seller.userId, method: 'QUICK_SIGN' },
      { user_id: contract.buyer.userId, method: 'WEB_SIGN' },
    ]);
    const stored = await server.db.query<{ token_hash: Buffer }>(
      'select token_hash from marketplace.sign_tokens where contract_id = $1',
      [contract.contractId],
    );
    // Only the hash is kept, never the token itself.
    expect(stored.rows[0]?.token_hash.toString('base64url')).not.toBe(token);
  });

  it('refuses a link used once already, whoever presents it, and writes nothing', async () => {
    const contract = await server.newContract();
    const token = await linkFor(contract, 'seller');
    expect((await signByLink(token)).status).toBe(200);
    expectProblem(await signByLink(token), 410, 'SIGN_LINK_USED');
    expect(await signaturesOf(contract.contractId)).toHaveLength(1);
  });

  it('spends a link once when it is presented twice at the same instant', async () => {
    const contract = await server.newContract();
    const token = await linkFor(contract, 'buyer');
    const answers = await Promise.all([signByLink(token), signByLink(token)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 410]);
    expect(await signaturesOf(contract.contractId)).toHaveLength(1);
  });

  it('refuses an expired link, a forged one and a wrong confirmation, and writes nothing', async () => {
    const contract = await server.newContract();
    const token = await linkFor(contract, 'buyer');
    expectProblem(
      await anonymous().post('/api/contracts/sign-by-link', { token, confirm: 'yes' }),
      400,
      'CONFIRMATION_REQUIRED',
    );
    expectProblem(await signByLink('A'.repeat(43)), 400, 'SIGN_LINK_INVALID');
    expectProblem(await signByLink('not a token'), 400, 'SIGN_LINK_INVALID');
    server.clock.advanceBy(15 * MINUTE_MS);
    expectProblem(await signByLink(token), 410, 'SIGN_LINK_EXPIRED');
    expect(await signaturesOf(contract.contractId)).toHaveLength(0);
    const consumed = await server.db.query(
      'select 1 from marketplace.sign_tokens where contract_id = $1 and consumed_at is not null',
      [contract.contractId],
    );
    expect(consumed.rows).toHaveLength(0);
  });

  it('refuses a link whose party lost TIER_1 since, and leaves the link unspent', async () => {
    const contract = await server.newContract();
    const token = await linkFor(contract, 'buyer');
    await server.db.query(`update identity.users set kyc_tier = 'TIER_0' where id = $1`, [
      contract.buyer.userId,
    ]);
    expectProblem(await signByLink(token), 403, 'TIER_TOO_LOW');
    await server.db.query(`update identity.users set kyc_tier = 'TIER_1' where id = $1`, [
      contract.buyer.userId,
    ]);
    expect((await signByLink(token)).status).toBe(200);
  });

  it('gives links to the parties only, while the contract waits for signatures', async () => {
    const contract = await server.newContract();
    const outsider = (await server.newContract()).buyer;
    expectProblem(
      await server.as(outsider).post(`/api/contracts/${contract.contractId}/sign-link`),
      403,
      'NOT_A_PARTY',
    );
    const path = `/api/contracts/${contract.contractId}/sign`;
    await server.as(contract.buyer).post(path, AGREE);
    await server.as(contract.seller).post(path, AGREE);
    expectProblem(
      await server.as(contract.buyer).post(`/api/contracts/${contract.contractId}/sign-link`),
      409,
      'CONTRACT_NOT_PENDING',
    );
  });

  it('voids contracts unsigned after 72 hours, with ContractVoided, and refuses to sign them', async () => {
    const contract = await server.newContract();
    await server.as(contract.buyer).post(`/api/contracts/${contract.contractId}/sign`, AGREE);
    const token = await linkFor(contract, 'seller');
    const statusNow = async () =>
      (await server.as(contract.buyer).get(`/api/contracts/${contract.contractId}`)).body.status;
    server.clock.advanceBy(72 * 60 * MINUTE_MS - 1);
    await voidExpiredContracts(server.db, server.clock, { limit: 100 });
    expect(await statusNow()).toBe('PENDING_SIGNATURE');
    server.clock.advanceBy(1);
    // Expired but not swept yet: signing is refused all the same.
    expectProblem(
      await server.as(contract.seller).post(`/api/contracts/${contract.contractId}/sign`, AGREE),
      409,
      'CONTRACT_EXPIRED',
    );
    expect(await voidExpiredContracts(server.db, server.clock, { limit: 100 })).toBeGreaterThan(0);
    const shown = await server.as(contract.buyer).get(`/api/contracts/${contract.contractId}`);
    expect(shown.body).toMatchObject({ status: 'VOID', escrowId: null, executedAt: null });
    const events = await contractEventsOf(server.db, contract.contractId);
    expect(events.map((event) => event.event.case)).toEqual(['contractVoided']);
    expect(events[0]?.event.value).toMatchObject({
      contractId: contract.contractId,
      reason: VoidReason.SIGNATURE_TIMEOUT,
    });
    expectProblem(
      await server.as(contract.seller).post(`/api/contracts/${contract.contractId}/sign`, AGREE),
      409,
      'CONTRACT_NOT_PENDING',
    );
    expectProblem(await signByLink(token), 410, 'SIGN_LINK_EXPIRED');
    expect(await voidExpiredContracts(server.db, server.clock, { limit: 100 })).toBe(0);
  });

  it('runs the sweeper until stopped', async () => {
    const contract = await server.newContract();
    server.clock.advanceBy(72 * 60 * MINUTE_MS);
    let woken = 0;
    const sweeper = startContractSweeper({
      db: server.db,
      clock: server.clock,
      logger: createLogger({ level: 'silent' }),
      intervalMs: 10,
      onCommitted: () => {
        woken += 1;
      },
    });
    try {
      await eventually(
        () => server.as(contract.buyer).get(`/api/contracts/${contract.contractId}`),
        (answer) => answer.body.status === 'VOID',
        'the contract voided by the sweeper',
      );
      expect(woken).toBeGreaterThan(0);
    } finally {
      await sweeper.stop();
    }
  });
});
