import { createHash } from 'node:crypto';
import { Currency, KycTier, Network, Rail } from '@bloxtr8/contracts';
import { createContractForAcceptedOffer } from '@bloxtr8/marketplace';
import { contractEventsOf, insertAcceptedOffer } from '@bloxtr8/marketplace/testing';
import { botHeaders, giveGameTo, signUpUser } from '@bloxtr8/test-support/platform';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { ContractTestServer } from './contract-test-server.ts';
import { expectProblem, useContractTestServer } from './contract-test-server.ts';

const AGREE = { confirm: 'I AGREE' };

describe('signing a contract', () => {
  let server!: ContractTestServer;
  useContractTestServer((started) => {
    server = started;
  });

  async function signatureCount(contractId: string): Promise<number> {
    const { rows } = await server.db.query(
      'select 1 from marketplace.signatures where contract_id = $1',
      [contractId],
    );
    return rows.length;
  }

  it('generates a PDF that parses back and hashes to the stored SHA-256', async () => {
    const contract = await server.newContract();
    const pdf = await fetch(`${server.baseUrl}/api/contracts/${contract.contractId}/pdf`, {
      headers: botHeaders(contract.buyer.discordUserId),
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(contract.pdfSha256);
    const parsed = await PDFDocument.load(bytes);
    expect(parsed.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(parsed.getTitle()).toBe(`Bloxtr8 contract ${contract.contractId}`);
    const shown = await server.as(contract.seller).get(`/api/contracts/${contract.contractId}`);
    expect(shown.body).toMatchObject({
      status: 'PENDING_SIGNATURE',
      pdfSha256: contract.pdfSha256,
      amountMinor: '450000',
      currency: 'USD',
      rail: 'STRIPE',
      templateVersion: '1.0.0',
      signatures: [],
    });
    expect(Date.parse(shown.body.expiresAt) - Date.parse(shown.body.createdAt)).toBe(
      72 * 3_600_000,
    );
  });

  it('answers the same contract when asked twice for one offer; above $10,000 it settles in USDC', async () => {
    const buyer = await signUpUser(server.db, { tier: 'TIER_1' });
    const seller = await signUpUser(server.db, { tier: 'TIER_1' });
    const offer = await insertAcceptedOffer(server.db, {
      buyerId: buyer.userId,
      sellerId: seller.userId,
      amountCents: 2_000_000n,
    });
    await giveGameTo(server.db, server.roblox, {
      userId: seller.userId,
      universeId: offer.universeId,
    });
    const deps = { files: server.files, clock: server.clock };
    const first = await server.db.transaction((tx) =>
      createContractForAcceptedOffer(tx, deps, offer.offerId),
    );
    const second = await server.db.transaction((tx) =>
      createContractForAcceptedOffer(tx, deps, offer.offerId),
    );
    expect(second).toEqual(first);
    const shown = await server.as(buyer).get(`/api/contracts/${first.contractId}`);
    // Above $10,000 the trade goes over USDC on Base, in USDC base units.
    expect(shown.body).toMatchObject({ rail: 'USDC_BASE', currency: 'USDC' });
    expect(shown.body.amountMinor).toBe((2_000_000n * 10_000n).toString());
    const path = `/api/contracts/${first.contractId}/sign`;
    await server.as(buyer).post(path, AGREE);
    expect((await server.as(seller).post(path, AGREE)).body.executed).toBe(true);
    const [executed] = await contractEventsOf(server.db, first.contractId);
    expect(executed?.event.value).toMatchObject({
      amountMinor: 2_000_000n * 10_000n,
      currency: Currency.USDC,
      rail: Rail.USDC_BASE,
      network: Network.BASE,
      sellerTier: KycTier.TIER_1,
    });
  });

  it('executes once both parties quick-sign, with one ContractExecuted on the outbox', async () => {
    const contract = await server.newContract();
    const before = server.committed.count;
    const first = await server
      .as(contract.seller)
      .post(`/api/contracts/${contract.contractId}/sign`, AGREE, {
        'user-agent': 'discord-bot/1.0',
      });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      executed: false,
      replayed: false,
      signature: { userId: contract.seller.userId, method: 'QUICK_SIGN' },
      contract: { status: 'PENDING_SIGNATURE' },
    });
    const second = await server
      .as(contract.buyer)
      .post(`/api/contracts/${contract.contractId}/sign`, {
        ...AGREE,
        pdfSha256: contract.pdfSha256,
      });
    expect(second.body).toMatchObject({ executed: true, contract: { status: 'EXECUTED' } });
    expect(second.body.contract.signatures).toHaveLength(2);
    expect(server.committed.count).toBe(before + 1);

    const escrowId = second.body.contract.escrowId;
    expect(escrowId).toMatch(/^[0-9a-f-]{36}$/);
    const events = await contractEventsOf(server.db, contract.contractId);
    expect(events).toHaveLength(1);
    expect(events[0]?.event.case).toBe('contractExecuted');
    expect(events[0]?.event.value).toMatchObject({
      contractId: contract.contractId,
      escrowId,
      offerId: contract.offerId,
      listingId: contract.listingId,
      buyerId: contract.buyer.userId,
      sellerId: contract.seller.userId,
      amountMinor: 450_000n,
      currency: Currency.USD,
      rail: Rail.STRIPE,
      network: Network.UNSPECIFIED,
      buyerTier: KycTier.TIER_1,
      sellerTier: KycTier.TIER_2,
      sellerPayoutRef: '',
      pdfSha256: contract.pdfSha256,
      templateVersion: '1.0.0',
    });
    const { rows } = await server.db.query<{ ip: string; user_agent: string | null }>(
      `select host(ip) as ip, user_agent from marketplace.signatures
       where contract_id = $1 and user_id = $2`,
      [contract.contractId, contract.seller.userId],
    );
    expect(rows).toEqual([{ ip: '127.0.0.1', user_agent: 'discord-bot/1.0' }]);
    const audit = await server.db.query<{ action: string }>(
      'select action from audit.audit_log where subject_id = $1 order by id',
      [contract.contractId],
    );
    expect(audit.rows.map((row) => row.action)).toEqual([
      'contract.create',
      'contract.sign',
      'contract.sign',
      'contract.execute',
    ]);
  });

  it('executes exactly once when both parties sign at the same instant', async () => {
    for (let round = 0; round < 5; round += 1) {
      const contract = await server.newContract();
      const path = `/api/contracts/${contract.contractId}/sign`;
      const answers = await Promise.all([
        server.as(contract.buyer).post(path, AGREE),
        server.as(contract.seller).post(path, AGREE),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      expect(answers.filter((answer) => answer.body.executed)).toHaveLength(1);
      const events = await contractEventsOf(server.db, contract.contractId);
      expect(events.map((event) => event.event.case)).toEqual(['contractExecuted']);
      const executed = events[0]?.event;
      const shown = await server.as(contract.buyer).get(`/api/contracts/${contract.contractId}`);
      expect(shown.body.status).toBe('EXECUTED');
      expect(executed?.case === 'contractExecuted' && executed.value.escrowId).toBe(
        shown.body.escrowId,
      );
    }
  });

  it('answers the first signature when a party signs again, writing nothing', async () => {
    const contract = await server.newContract();
    const path = `/api/contracts/${contract.contractId}/sign`;
    const first = await server.as(contract.buyer).post(path, AGREE);
    const again = await server.as(contract.buyer).post(path, AGREE);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: true, executed: false });
    expect(again.body.signature).toEqual(first.body.signature);
    expect(await signatureCount(contract.contractId)).toBe(1);
  });

  it('refuses a third party, a wrong confirmation, a stale PDF hash and TIER_0, writing nothing', async () => {
    const contract = await server.newContract();
    const path = `/api/contracts/${contract.contractId}/sign`;
    const outsider = await signUpUser(server.db, { tier: 'TIER_1' });
    expectProblem(await server.as(outsider).post(path, AGREE), 403, 'NOT_A_PARTY');
    expectProblem(
      await server.as(outsider).get(`/api/contracts/${contract.contractId}`),
      404,
      'CONTRACT_NOT_FOUND',
    );
    expectProblem(
      await server.as(outsider).get(`/api/contracts/${contract.contractId}/pdf`),
      404,
      'CONTRACT_NOT_FOUND',
    );
    expectProblem(
      await server.as(contract.buyer).post(path, { confirm: 'i agree' }),
      400,
      'CONFIRMATION_REQUIRED',
    );
    expectProblem(
      await server.as(contract.buyer).post(path, { ...AGREE, pdfSha256: 'a'.repeat(64) }),
      409,
      'PDF_HASH_MISMATCH',
    );
    await server.db.query(`update identity.users set kyc_tier = 'TIER_0' where id = $1`, [
      contract.buyer.userId,
    ]);
    expectProblem(await server.as(contract.buyer).post(path, AGREE), 403, 'TIER_TOO_LOW');
    expect(await signatureCount(contract.contractId)).toBe(0);
    const audit = await server.db.query(
      `select 1 from audit.audit_log where subject_id = $1 and action <> 'contract.create'`,
      [contract.contractId],
    );
    expect(audit.rows).toHaveLength(0);
  });

  it('lets staff read a contract they are not party to, and documents every route', async () => {
    const contract = await server.newContract();
    const moderator = await signUpUser(server.db, { role: 'MODERATOR' });
    const shown = await (await server.signedIn(moderator)).get(
      `/api/contracts/${contract.contractId}`,
    );
    expect([shown.status, shown.body.id]).toEqual([200, contract.contractId]);
    const openApi = await server.as(moderator).get('/openapi.json');
    expect(Object.keys(openApi.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/contracts/{id}',
        '/api/contracts/{id}/pdf',
        '/api/contracts/{id}/sign',
        '/api/contracts/{id}/sign-link',
        '/api/contracts/sign-by-link',
      ]),
    );
  });
});
