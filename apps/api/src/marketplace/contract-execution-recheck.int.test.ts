import { VoidReason } from '@bloxtr8/contracts';
import { contractEventsOf } from '@bloxtr8/marketplace/testing';
import { newRobloxId } from '@bloxtr8/sandbox/roblox';
import { describe, expect, it } from 'vitest';
import type { ContractFixture, ContractTestServer } from './contract-test-server.ts';
import { expectProblem, useContractTestServer } from './contract-test-server.ts';

const AGREE = { confirm: 'I AGREE' };

describe('executing a contract re-checks the seller with Roblox', () => {
  let server!: ContractTestServer;
  useContractTestServer((started) => {
    server = started;
  });

  /** The seller hands the game to someone else on Roblox between the signatures. */
  const transferAway = (contract: ContractFixture) =>
    server.roblox.control.addUniverse({
      id: contract.universeId,
      creator: { id: newRobloxId(), type: 'User' },
    });

  /** What the refusal left: the contract, its events, the listing, the signatures. */
  async function aftermath(contract: ContractFixture) {
    const shown = await server.as(contract.buyer).get(`/api/contracts/${contract.contractId}`);
    const events = await contractEventsOf(server.db, contract.contractId);
    const listing = await server.db.query<{ status: string }>(
      'select status from marketplace.listings where id = $1',
      [contract.listingId],
    );
    return {
      status: shown.body.status,
      escrowId: shown.body.escrowId,
      signatures: shown.body.signatures.length,
      events: events.map(({ event }) => [
        event.case,
        event.case === 'contractVoided' ? event.value.reason : null,
      ]),
      listing: listing.rows[0]?.status,
    };
  }

  it('voids the contract and refuses the second signature when the seller gave the game away since the first', async () => {
    const contract = await server.newContract();
    const path = `/api/contracts/${contract.contractId}/sign`;
    expect((await server.as(contract.buyer).post(path, AGREE)).status).toBe(200);
    await transferAway(contract);
    const committedBefore = server.committed.count;
    const second = await server.as(contract.seller).post(path, AGREE);
    expectProblem(second, 409, 'OWNERSHIP_LOST');
    expect(server.committed.count).toBe(committedBefore + 1);
    expect(await aftermath(contract)).toEqual({
      status: 'VOID',
      escrowId: null,
      signatures: 1,
      events: [['contractVoided', VoidReason.OWNERSHIP_LOST]],
      listing: 'INACTIVE',
    });
  });

  it('re-checks when both parties sign at the same instant: one signature stands, the contract is voided', async () => {
    const contract = await server.newContract();
    await transferAway(contract);
    const path = `/api/contracts/${contract.contractId}/sign`;
    const answers = await Promise.all([
      server.as(contract.buyer).post(path, AGREE),
      server.as(contract.seller).post(path, AGREE),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(answers.find((answer) => answer.status === 409)?.body.code).toBe('OWNERSHIP_LOST');
    expect(await aftermath(contract)).toMatchObject({
      status: 'VOID',
      escrowId: null,
      events: [['contractVoided', VoidReason.OWNERSHIP_LOST]],
    });
  });

  it('re-checks the web signature that would execute, leaving its link unspent', async () => {
    const contract = await server.newContract();
    const path = `/api/contracts/${contract.contractId}`;
    expect((await server.as(contract.seller).post(`${path}/sign`, AGREE)).status).toBe(200);
    const link = await server.as(contract.buyer).post(`${path}/sign-link`);
    const token = String(link.body.path).replace('/sign/', '');
    await transferAway(contract);
    const signed = await server
      .as(contract.buyer)
      .post('/api/contracts/sign-by-link', { token, ...AGREE });
    expectProblem(signed, 409, 'OWNERSHIP_LOST');
    const { rows } = await server.db.query('select consumed_at from marketplace.sign_tokens');
    expect(rows.every((row) => (row as { consumed_at: Date | null }).consumed_at === null)).toBe(
      true,
    );
    expect((await aftermath(contract)).status).toBe('VOID');
  });

  it('executes while the seller still controls the game, asking Roblox past the cache', async () => {
    const contract = await server.newContract();
    const path = `/api/contracts/${contract.contractId}/sign`;
    await server.as(contract.seller).post(path, AGREE);
    const gamesAskedBefore = (await server.roblox.control.calls()).games;
    const second = await server.as(contract.buyer).post(path, AGREE);
    expect([second.status, second.body.executed]).toEqual([200, true]);
    expect((await server.roblox.control.calls()).games).toBe(gamesAskedBefore + 1);
  });
});
