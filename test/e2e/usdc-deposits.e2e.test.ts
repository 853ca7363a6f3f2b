import { CancelReason, TOPICS } from '@bloxtr8/contracts';
import { ledgerBalances } from '@bloxtr8/payments';
import { ManualClock } from '@bloxtr8/platform';
import type { DiscordDouble } from '@bloxtr8/sandbox/discord';
import { startDiscordDouble } from '@bloxtr8/sandbox/discord';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform, Trade, UsdcTestRail } from '../platform/index.ts';
import {
  ApiCaller,
  escrowCommand,
  eventually,
  openUsdcEscrow,
  signInWithDiscord,
  signUpUser,
  startTestPlatform,
  startUsdcTestRail,
  TEST_CONFIRMATIONS,
  testIdentityGateway,
  USDC,
  usdcViewOf,
} from '../platform/index.ts';

const AMOUNT = 12_345n * USDC;

/**
 * What the chain watcher makes of money arriving at a deposit address (SPEC §5), on anvil: a reorg
 * takes an unconfirmed deposit away, short, excess and late money, and each screening verdict.
 */
describe('USDC deposits on anvil', () => {
  const clock = new ManualClock(new Date());
  let usdc: UsdcTestRail;
  let discord: DiscordDouble;
  let platform: TestPlatform;
  let moderator: ApiCaller;

  beforeAll(async () => {
    usdc = await startUsdcTestRail(clock);
    discord = await startDiscordDouble();
    platform = await startTestPlatform({
      clock,
      usdc: usdc.settings,
      api: (db) => testIdentityGateway(db, { discord }),
    });
    const staff = await signUpUser(platform.db, { role: 'MODERATOR', tier: 'TIER_1' });
    moderator = new ApiCaller(
      platform.baseUrl,
      (await signInWithDiscord(platform.baseUrl, discord, staff)).headers,
    );
  }, 120_000);
  afterAll(async () => {
    await usdc?.stopMining();
    await platform?.stop();
    await discord?.close();
    await usdc?.close();
  }, 60_000);
  afterEach(async () => {
    await usdc.stopMining();
  });

  const depositStatuses = async (escrowId: string) => {
    const { rows } = await platform.db.query<{ status: string }>(
      'select status from payments.usdc_deposits where escrow_id = $1 order by seen_at',
      [escrowId],
    );
    return rows.map((row) => row.status);
  };
  const untilDeposits = (escrowId: string, statuses: readonly string[]) =>
    eventually(
      () => depositStatuses(escrowId),
      (found) => JSON.stringify(found) === JSON.stringify(statuses),
      `the deposits of ${escrowId} to be ${statuses.join(', ')}`,
    );
  /** Lets the chain watcher pass a few more times, so anything it would do, it has done. */
  const afterSomePasses = async () => {
    const passes = async () => (await platform.payments.chainWatcher?.watchOnce())?.head ?? 0n;
    await passes();
    await passes();
  };
  const cancelBy = (trade: Trade) =>
    platform.publish(
      TOPICS.escrowCommands,
      escrowCommand(trade, 'cancelEscrow', 'buyer', { reason: CancelReason.MANUAL }),
    );
  const returnsOf = async (escrowId: string) =>
    (await usdcViewOf(platform, escrowId)).transfers.filter((t) => t.kind === 'RETURN');
  const untilReturned = (escrowId: string, count: number) =>
    eventually(
      () => returnsOf(escrowId),
      (returns) => returns.length === count && returns.every((t) => t.status === 'CONFIRMED'),
      `the returns of ${escrowId}`,
    );

  it('never counts a deposit that a reorg removed before it was confirmed', async () => {
    const { trade, depositAddress } = await openUsdcEscrow(platform, AMOUNT);
    const buyer = await usdc.fundedWallet(AMOUNT);
    const beforeDeposit = await usdc.chain.snapshot();
    await usdc.pay(buyer, depositAddress, AMOUNT);
    await untilDeposits(trade.escrowId, ['SEEN']);

    await usdc.chain.revert(beforeDeposit);
    await usdc.chain.mine(TEST_CONFIRMATIONS + 2);
    await untilDeposits(trade.escrowId, ['REORGED']);
    await afterSomePasses();

    expect(await platform.escrowStatus(trade.escrowId)).toBe('AWAIT_FUNDS');
    expect(await usdc.balanceOf(buyer.address)).toBe(AMOUNT);
    expect((await usdcViewOf(platform, trade.escrowId)).deposits).toEqual([]);
  });

  it('does not fund on a deposit short by one base unit, and returns it when the escrow is cancelled', async () => {
    const { trade, depositAddress } = await openUsdcEscrow(platform, AMOUNT);
    const buyer = await usdc.fundedWallet(AMOUNT - 1n);
    usdc.startMining();
    await usdc.pay(buyer, depositAddress, AMOUNT - 1n);
    await untilDeposits(trade.escrowId, ['ACCEPTED']);
    await afterSomePasses();

    expect(await platform.escrowStatus(trade.escrowId)).toBe('AWAIT_FUNDS');
    expect((await usdcViewOf(platform, trade.escrowId)).receivedMinor).toBe(AMOUNT - 1n);

    await cancelBy(trade);
    await platform.waitForStatus(trade.escrowId, 'CANCELLED');
    await untilReturned(trade.escrowId, 1);
    expect(await usdc.balanceOf(buyer.address)).toBe(AMOUNT - 1n);
    expect((await ledgerBalances(platform.db, trade.escrowId)).ESCROW_HOLDING).toBe(0n);
  });

  it('funds with an overpayment and returns the excess to its sender', async () => {
    const { trade, depositAddress } = await openUsdcEscrow(platform, AMOUNT);
    const buyer = await usdc.fundedWallet(AMOUNT + 7n);
    usdc.startMining();
    await usdc.pay(buyer, depositAddress, AMOUNT + 7n);
    await platform.waitForStatus(trade.escrowId, 'FUNDS_HELD');
    await untilReturned(trade.escrowId, 1);

    expect(await usdc.balanceOf(buyer.address)).toBe(7n);
    expect(await usdc.balanceOf(depositAddress)).toBe(AMOUNT);
    expect(await usdcViewOf(platform, trade.escrowId)).toMatchObject({
      receivedMinor: AMOUNT,
      deposits: [{ creditedMinor: AMOUNT, returnedMinor: 7n }],
    });
    expect((await ledgerBalances(platform.db, trade.escrowId)).ESCROW_HOLDING).toBe(AMOUNT);
  });

  it('returns a deposit that arrives after the escrow was cancelled', async () => {
    const { trade, depositAddress } = await openUsdcEscrow(platform, AMOUNT);
    await cancelBy(trade);
    await platform.waitForStatus(trade.escrowId, 'CANCELLED');
    const latecomer = await usdc.fundedWallet(AMOUNT);
    usdc.startMining();
    await usdc.pay(latecomer, depositAddress, AMOUNT);
    await untilReturned(trade.escrowId, 1);

    expect(await usdc.balanceOf(latecomer.address)).toBe(AMOUNT);
    expect(await platform.escrowStatus(trade.escrowId)).toBe('CANCELLED');
    expect((await ledgerBalances(platform.db, trade.escrowId)).ESCROW_HOLDING).toBe(0n);
  });

  /** A sender's wallet with the amount, paying the escrow's deposit address. */
  async function payFrom(depositAddress: string, screen?: (address: string) => void) {
    const sender = await usdc.fundedWallet(AMOUNT);
    screen?.(sender.address);
    await usdc.pay(sender, depositAddress, AMOUNT);
    return sender;
  }
  const failuresOf = (escrowId: string) =>
    platform.recorder
      .of(TOPICS.paymentEvents, escrowId)
      .filter((message) => message.kind === 'paymentFailed')
      .map((message) => message.message.failureCode);

  it('takes each screening verdict’s path: sanctioned frozen, above 80 returned, 50–80 held for a moderator, below 50 accepted', async () => {
    const [sanctioned, severe, review, clean] = await Promise.all(
      [0, 1, 2, 3].map(() => openUsdcEscrow(platform, AMOUNT)),
    );
    if (!sanctioned || !severe || !review || !clean) throw new Error('four escrows expected');
    usdc.startMining();
    const frozenSender = await payFrom(sanctioned.depositAddress, (a) =>
      usdc.chainalysis.sanction(a),
    );
    const severeSender = await payFrom(severe.depositAddress, (a) =>
      usdc.trm.setRisk(a, 13, 'Ransomware'),
    );
    await payFrom(review.depositAddress, (a) => usdc.trm.setRisk(a, 10, 'Gambling'));
    await payFrom(clean.depositAddress, (a) => usdc.trm.setRisk(a, 1, 'Exchange'));

    await platform.waitForStatus(clean.trade.escrowId, 'FUNDS_HELD');
    await untilDeposits(sanctioned.trade.escrowId, ['FROZEN']);
    await untilDeposits(severe.trade.escrowId, ['REJECTED']);
    await untilDeposits(review.trade.escrowId, ['IN_REVIEW']);
    await untilReturned(severe.trade.escrowId, 1);
    await afterSomePasses();

    // Sanctioned: kept at the deposit address for manual review, never sent back.
    expect(await usdc.balanceOf(frozenSender.address)).toBe(0n);
    expect(await usdc.balanceOf(sanctioned.depositAddress)).toBe(AMOUNT);
    expect(failuresOf(sanctioned.trade.escrowId)).toEqual(['DEPOSIT_FROZEN']);
    // Risk 87 (> 80): returned.
    expect(await usdc.balanceOf(severeSender.address)).toBe(AMOUNT);
    expect(failuresOf(severe.trade.escrowId)).toEqual(['DEPOSIT_REFUSED']);
    for (const refused of [sanctioned, severe, review]) {
      expect(await platform.escrowStatus(refused.trade.escrowId)).toBe('AWAIT_FUNDS');
    }

    // Risk 67 (50–80): waits for a moderator, who accepts it.
    const queue = await moderator.get('/api/admin/usdc/deposits');
    const held = queue.body.items.find(
      (item: { escrowId: string }) => item.escrowId === review.trade.escrowId,
    );
    expect(held).toMatchObject({ amountMinor: `${AMOUNT}`, riskScore: 67 });
    const accepted = await moderator.post(`/api/admin/usdc/deposits/${held.depositId}/accept`);
    expect(accepted.body).toMatchObject({ status: 'ACCEPTED', fundedEscrow: true });
    await platform.waitForStatus(review.trade.escrowId, 'FUNDS_HELD');
    const again = await moderator.post(`/api/admin/usdc/deposits/${held.depositId}/return`);
    expect([again.status, again.body.code]).toEqual([409, 'DEPOSIT_NOT_IN_REVIEW']);
    const { rows } = await platform.db.query<{ action: string }>(
      `select action from audit.audit_log where subject_id = $1 and action like 'payments.%'
       order by id`,
      [review.trade.escrowId],
    );
    expect(rows.map((row) => row.action)).toEqual([
      'payments.wallet.screen',
      'payments.deposit.accept',
    ]);
  });

  it('returns a deposit held for review when the moderator says so', async () => {
    const { trade, depositAddress } = await openUsdcEscrow(platform, AMOUNT);
    usdc.startMining();
    const sender = await payFrom(depositAddress, (a) => usdc.trm.setRisk(a, 8, 'Mixer'));
    await untilDeposits(trade.escrowId, ['IN_REVIEW']);
    const [deposit] = (await usdcViewOf(platform, trade.escrowId)).deposits;

    const returned = await moderator.post(`/api/admin/usdc/deposits/${deposit?.depositId}/return`);

    expect(returned.body).toMatchObject({ status: 'REJECTED', returnedMinor: `${AMOUNT}` });
    await untilReturned(trade.escrowId, 1);
    expect(await usdc.balanceOf(sender.address)).toBe(AMOUNT);
    expect(await platform.escrowStatus(trade.escrowId)).toBe('AWAIT_FUNDS');
    expect(failuresOf(trade.escrowId)).toEqual(['DEPOSIT_RETURNED']);
  });

  it('accepts nothing while screening is down, and screens the deposit once it is back', async () => {
    const { trade, depositAddress } = await openUsdcEscrow(platform, AMOUNT);
    usdc.chainalysis.setOutage(true);
    try {
      usdc.startMining();
      await payFrom(depositAddress);
      await untilDeposits(trade.escrowId, ['CONFIRMED']);
      await afterSomePasses();
      await afterSomePasses();
      expect(await depositStatuses(trade.escrowId)).toEqual(['CONFIRMED']);
      expect(await platform.escrowStatus(trade.escrowId)).toBe('AWAIT_FUNDS');
    } finally {
      usdc.chainalysis.setOutage(false);
    }
    // Past the open circuit's 30 s, one trial call closes it again.
    clock.advanceBy(30_000);
    await platform.waitForStatus(trade.escrowId, 'FUNDS_HELD');
    expect(await depositStatuses(trade.escrowId)).toEqual(['ACCEPTED']);
  });
});
