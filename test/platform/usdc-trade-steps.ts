import { TOPICS } from '@bloxtr8/contracts';
import type { UsdcPaymentView } from '@bloxtr8/payments';
import { findUsdcPaymentView } from '@bloxtr8/payments';
import type { PrivateKeyAccount } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { ApiAnswer, ApiCaller } from './api-caller.ts';
import { eventually } from './eventually.ts';
import type { MarketplacePlatform, MarketTrader } from './marketplace-platform.ts';
import { ensureSignedUp } from './payout-fixtures.ts';
import type { TestPlatform } from './start-test-platform.ts';
import type { Trade } from './trade-fixtures.ts';
import { contractExecuted, newTrade } from './trade-fixtures.ts';

/** 1 USDC in base units. */
export const USDC = 1_000_000n;

function expectStatus(answer: ApiAnswer, status: number, what: string): ApiAnswer {
  if (answer.status !== status) {
    throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer;
}

/**
 * A trader registers a new wallet through the API as a wallet app would: asks for a challenge,
 * signs it (EIP-191) with the wallet's key, and sends the signature back.
 */
export async function registerWallet(
  api: ApiCaller,
  purpose: 'PAYOUT' | 'REFUND',
  wallet: PrivateKeyAccount = privateKeyToAccount(generatePrivateKey()),
): Promise<PrivateKeyAccount> {
  const challenge = expectStatus(
    await api.post('/api/me/wallets/challenge', { purpose, address: wallet.address }),
    201,
    'the wallet challenge',
  ).body;
  const signature = await wallet.signMessage({ message: challenge.message });
  expectStatus(
    await api.post('/api/me/wallets', { challengeId: challenge.challengeId, signature }),
    200,
    'the wallet registration',
  );
  return wallet;
}

/**
 * A trade above $10,000 through the public API: the seller lists a game at `priceCents`, the buyer
 * offers the price, the seller accepts, both sign; the escrow then awaits USDC at its deposit
 * address. Returns the escrow id.
 */
export async function openUsdcTradeByApi(
  market: MarketplacePlatform,
  seller: MarketTrader,
  buyer: MarketTrader,
  priceCents: number,
): Promise<string> {
  const universeId = await market.addGame(seller);
  const listing = expectStatus(
    await seller.api.post('/api/listings', {
      universeId,
      title: 'Obby Empire',
      summary: 'A large obby with an active community.',
      priceMinor: priceCents,
      category: 'obby',
      visibility: 'PUBLIC',
    }),
    201,
    'the listing',
  ).body;
  const offer = expectStatus(
    await buyer.api.post(`/api/listings/${listing.id}/offers`, { amountMinor: priceCents }),
    201,
    'the offer',
  ).body;
  expectStatus(await seller.api.post(`/api/offers/${offer.id}/accept`), 200, 'the acceptance');
  const contract = expectStatus(
    await buyer.api.get(`/api/offers/${offer.id}/contract`),
    200,
    'the contract',
  ).body;
  expectStatus(
    await seller.api.post(`/api/contracts/${contract.id}/sign`, { confirm: 'I AGREE' }),
    200,
    'the seller’s signature',
  );
  const signed = expectStatus(
    await buyer.api.post(`/api/contracts/${contract.id}/sign`, { confirm: 'I AGREE' }),
    200,
    'the buyer’s signature',
  ).body;
  const escrowId: string = signed.contract.escrowId;
  await eventually(
    () => buyer.api.get(`/api/escrow/${escrowId}`),
    (answer) => answer.status === 200 && answer.body.payment.usdc !== null,
    'the escrow’s deposit address',
  );
  return escrowId;
}

/**
 * A USDC trade opened from its executed contract (no marketplace steps): both parties signed up,
 * the escrow awaiting `amountMinor` base units. Returns the trade and its deposit address.
 */
export async function openUsdcEscrow(
  platform: TestPlatform,
  amountMinor: bigint,
): Promise<{ readonly trade: Trade; readonly depositAddress: string }> {
  const trade = newTrade({ rail: 'USDC_BASE', amountMinor });
  await Promise.all([
    ensureSignedUp(platform, trade.sellerId),
    ensureSignedUp(platform, trade.buyerId),
  ]);
  await platform.publish(TOPICS.contractEvents, contractExecuted(trade));
  await platform.waitForStatus(trade.escrowId, 'AWAIT_FUNDS');
  const view = await eventually(
    () => findUsdcPaymentView(platform.db, trade.escrowId),
    (found) => found !== undefined,
    'the deposit address',
  );
  return { trade, depositAddress: (view as UsdcPaymentView).depositAddress };
}

/** The escrow's USDC payment as the payments service keeps it. */
export async function usdcViewOf(
  platform: TestPlatform,
  escrowId: string,
): Promise<UsdcPaymentView> {
  const view = await findUsdcPaymentView(platform.db, escrowId);
  if (view === undefined) throw new Error(`escrow ${escrowId} has no USDC payment`);
  return view;
}
