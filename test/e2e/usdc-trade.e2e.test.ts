import { TOPICS } from '@bloxtr8/contracts';
import { ledgerBalances } from '@bloxtr8/payments';
import { ManualClock } from '@bloxtr8/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiCaller,
  MarketplacePlatform,
  MarketTrader,
  RpcFaultProxy,
  TestPlatform,
  UsdcTestRail,
} from '../platform/index.ts';
import {
  ApiCaller as Caller,
  eventually,
  openUsdcTradeByApi,
  registerWallet,
  signInWithDiscord,
  signUpUser,
  startMarketplacePlatform,
  startRpcFaultProxy,
  startUsdcTestRail,
  TEST_CONFIRMATIONS,
  USDC,
} from '../platform/index.ts';

/** $25,000 in USDC base units, and the 5 % fee of a release. */
const PRICE_CENTS = 2_500_000;
const AMOUNT = 25_000n * USDC;
const FEE = 1_250n * USDC;

/**
 * A trade above $10,000 on the USDC rail against a real EVM node (anvil), through the public API:
 * wallets proven by signature, the buyer's deposit a real ERC-20 transfer that counts only after
 * USDC_CONFIRMATIONS blocks, payouts and refunds that are real transfers, checked on chain.
 */
describe('USDC on Base, trades through the API on anvil', () => {
  const clock = new ManualClock(new Date());
  let usdc: UsdcTestRail;
  let proxy: RpcFaultProxy;
  let market: MarketplacePlatform;
  let platform: TestPlatform;
  let moderator: ApiCaller;

  beforeAll(async () => {
    usdc = await startUsdcTestRail(clock);
    // The payments service reaches the chain through a proxy that can fail a broadcast.
    proxy = await startRpcFaultProxy(usdc.chain.rpcUrl);
    market = await startMarketplacePlatform({
      clock,
      usdc: { ...usdc.settings, rail: await usdc.railThrough(proxy.url) },
    });
    platform = market.platform;
    const staff = await signUpUser(platform.db, { role: 'MODERATOR', tier: 'TIER_1' });
    const session = await signInWithDiscord(platform.baseUrl, market.discord, staff);
    moderator = new Caller(platform.baseUrl, session.headers);
  }, 120_000);
  afterAll(async () => {
    await usdc?.stopMining();
    await market?.stop();
    await proxy?.close();
    await usdc?.close();
  }, 60_000);

  const stateOf = async (who: MarketTrader, escrowId: string) =>
    (await who.api.get(`/api/escrow/${escrowId}`)).body;
  const until = (who: MarketTrader, escrowId: string, state: string) =>
    eventually(
      () => stateOf(who, escrowId),
      (escrow) => escrow.state === state,
      `escrow ${escrowId} to be ${state}`,
    );

  /** The buyer pays the escrow's deposit address from a wallet of their own; mining runs. */
  async function fund(buyer: MarketTrader, escrowId: string) {
    const { depositAddress } = (await stateOf(buyer, escrowId)).payment.usdc;
    const wallet = await usdc.fundedWallet(AMOUNT);
    await usdc.pay(wallet, depositAddress, AMOUNT);
    await until(buyer, escrowId, 'FUNDS_HELD');
    return { depositAddress, wallet };
  }

  async function deliverAndRelease(seller: MarketTrader, buyer: MarketTrader, escrowId: string) {
    await seller.api.post(
      `/api/escrow/${escrowId}/deliver`,
      { note: 'keys sent' },
      { prefer: 'wait=10' },
    );
    const released = await buyer.api.post(`/api/escrow/${escrowId}/release`, undefined, {
      prefer: 'wait=10',
    });
    expect(released.body.status).toBe('APPLIED');
  }

  const paymentKinds = (escrowId: string) =>
    platform.recorder.kindsOf(TOPICS.paymentEvents, escrowId);

  it('funds a $25,000 trade by an ERC-20 transfer after N blocks and releases it to the seller’s wallet', async () => {
    const seller = await market.trader('usdc_seller');
    const buyer = await market.trader('usdc_buyer');
    const sellerWallet = await registerWallet(seller.api, 'PAYOUT');
    const escrowId = await openUsdcTradeByApi(market, seller, buyer, PRICE_CENTS);

    const awaiting = await stateOf(buyer, escrowId);
    expect(awaiting).toMatchObject({
      state: 'AWAIT_FUNDS',
      rail: 'USDC_BASE',
      amountMinor: `${AMOUNT}`,
    });
    const { depositAddress } = awaiting.payment.usdc;
    expect(awaiting.payment.usdc).toMatchObject({
      amountDueMinor: `${AMOUNT}`,
      receivedMinor: '0',
      confirmationsRequired: TEST_CONFIRMATIONS,
    });

    const buyerWallet = await usdc.fundedWallet(AMOUNT);
    const depositTx = await usdc.pay(buyerWallet, depositAddress, AMOUNT);
    // One block deep: seen, not counted.
    const seen = await eventually(
      () => stateOf(buyer, escrowId),
      (escrow) => escrow.payment.usdc.deposits.length === 1,
      'the deposit to be seen',
    );
    expect(seen.payment.usdc.deposits[0]).toMatchObject({
      txHash: depositTx,
      status: 'SEEN',
      amountMinor: `${AMOUNT}`,
    });
    await usdc.chain.mine(TEST_CONFIRMATIONS - 2);
    await eventually(
      () => stateOf(buyer, escrowId),
      (escrow) => escrow.payment.usdc.deposits[0].confirmations === TEST_CONFIRMATIONS - 1,
      'one block short of the confirmations',
    );
    expect((await stateOf(buyer, escrowId)).state).toBe('AWAIT_FUNDS');
    await usdc.chain.mine(1);
    await until(buyer, escrowId, 'FUNDS_HELD');

    usdc.startMining();
    try {
      const treasuryBefore = await usdc.balanceOf(usdc.rail.treasury);
      await deliverAndRelease(seller, buyer, escrowId);
      const released = await until(buyer, escrowId, 'RELEASED');

      expect(released.payoutMinor).toBe(`${AMOUNT - FEE}`);
      const payout = await usdc.balanceOf(sellerWallet.address);
      const fee = (await usdc.balanceOf(usdc.rail.treasury)) - treasuryBefore;
      expect([payout, fee]).toEqual([AMOUNT - FEE, FEE]);
      expect(payout + fee).toBe(AMOUNT);
      expect(await usdc.balanceOf(depositAddress)).toBe(0n);
      const transfers = released.payment.usdc.transfers;
      expect(transfers.map((t: { kind: string; status: string }) => [t.kind, t.status])).toEqual([
        ['PAYOUT', 'CONFIRMED'],
        ['FEE', 'CONFIRMED'],
      ]);
      const payoutTx = transfers[0].txHash;
      const succeeded = platform.recorder
        .of(TOPICS.paymentEvents, escrowId)
        .filter((message) => message.kind === 'transferSucceeded');
      expect(succeeded.map((message) => message.message.txHash)).toEqual([payoutTx]);
      expect(await ledgerBalances(platform.db, escrowId)).toEqual({
        BUYER: -AMOUNT,
        ESCROW_HOLDING: 0n,
        SELLER: AMOUNT - FEE,
        PLATFORM_FEE: FEE,
      });
    } finally {
      await usdc.stopMining();
    }
  });

  it('refunds a funded $25,000 trade to the buyer’s refund address when a moderator refunds it', async () => {
    const seller = await market.trader('refund_seller');
    const buyer = await market.trader('refund_buyer');
    const refundWallet = await registerWallet(buyer.api, 'REFUND');
    const escrowId = await openUsdcTradeByApi(market, seller, buyer, PRICE_CENTS);
    usdc.startMining();
    try {
      const { depositAddress } = await fund(buyer, escrowId);
      const refunded = await moderator.post(`/api/escrow/${escrowId}/refund`, {
        reason: 'CANCELLED_AFTER_FUNDING',
        note: 'the seller cannot hand the game over',
      });
      expect(refunded.status).toBe(202);
      const escrow = await until(buyer, escrowId, 'REFUNDED');

      expect(await usdc.balanceOf(refundWallet.address)).toBe(AMOUNT);
      expect(await usdc.balanceOf(depositAddress)).toBe(0n);
      const [refund] = escrow.payment.usdc.transfers;
      expect(refund).toMatchObject({
        kind: 'REFUND',
        status: 'CONFIRMED',
        amountMinor: `${AMOUNT}`,
      });
      const reported = platform.recorder
        .of(TOPICS.paymentEvents, escrowId)
        .filter((message) => message.kind === 'refundSucceeded');
      expect(reported.map((message) => message.message.txHash)).toEqual([refund.txHash]);
      expect((await ledgerBalances(platform.db, escrowId)).ESCROW_HOLDING).toBe(0n);
    } finally {
      await usdc.stopMining();
    }
  });

  it('holds a release for a seller without a payout wallet, then pays once they register one', async () => {
    const seller = await market.trader('late_wallet_seller');
    const buyer = await market.trader('late_wallet_buyer');
    const escrowId = await openUsdcTradeByApi(market, seller, buyer, PRICE_CENTS);
    usdc.startMining();
    try {
      await fund(buyer, escrowId);
      await deliverAndRelease(seller, buyer, escrowId);
      await eventually(
        async () => paymentKinds(escrowId),
        (kinds) => kinds.includes('transferHeld'),
        'the release to be held',
      );
      const held = platform.recorder
        .of(TOPICS.paymentEvents, escrowId)
        .find((message) => message.kind === 'transferHeld');
      expect(held?.message).toMatchObject({ reason: 'PAYOUT_ACCOUNT_MISSING' });
      expect((await stateOf(seller, escrowId)).state).toBe('RELEASE_PENDING');

      const wallet = await registerWallet(seller.api, 'PAYOUT');
      clock.advanceBy(61_000);
      expect((await platform.payments.sweeper.sweepOnce()).heldTransfersTried).toBe(1);
      await until(seller, escrowId, 'RELEASED');
      expect(await usdc.balanceOf(wallet.address)).toBe(AMOUNT - FEE);
      expect(paymentKinds(escrowId).filter((kind) => kind === 'transferSucceeded')).toHaveLength(1);
    } finally {
      await usdc.stopMining();
    }
  });

  it('pays the seller exactly once when the payments process dies between broadcast and record', async () => {
    const seller = await market.trader('crash_seller');
    const buyer = await market.trader('crash_buyer');
    const sellerWallet = await registerWallet(seller.api, 'PAYOUT');
    const escrowId = await openUsdcTradeByApi(market, seller, buyer, PRICE_CENTS);
    usdc.startMining();
    try {
      await fund(buyer, escrowId);
      proxy.armAfterBroadcast(() => platform.payments.kill());
      await deliverAndRelease(seller, buyer, escrowId);
      await proxy.broadcastIntercepted();

      // Broadcast, never recorded as sent: the payout is on chain, its row still says SIGNED.
      const { rows } = await platform.db.query<{ kind: string; status: string }>(
        `select kind, status from payments.usdc_transfers where escrow_id = $1 and kind = 'PAYOUT'`,
        [escrowId],
      );
      expect(rows).toEqual([{ kind: 'PAYOUT', status: 'SIGNED' }]);
      await eventually(
        () => usdc.balanceOf(sellerWallet.address),
        (balance) => balance === AMOUNT - FEE,
        'the broadcast payout to be mined',
      );

      await platform.restartPayments();
      await until(seller, escrowId, 'RELEASED');
      await usdc.chain.mine(TEST_CONFIRMATIONS);

      expect(await usdc.balanceOf(sellerWallet.address)).toBe(AMOUNT - FEE);
      const head = await usdc.rail.head();
      const payouts = await usdc.rail.transfersInto([sellerWallet.address], 0n, head);
      expect(payouts).toHaveLength(1);
      expect(paymentKinds(escrowId).filter((kind) => kind === 'transferSucceeded')).toHaveLength(1);
    } finally {
      await usdc.stopMining();
    }
  });
});
