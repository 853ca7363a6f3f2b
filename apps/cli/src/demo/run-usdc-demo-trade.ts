import { randomInt } from 'node:crypto';
import type { Address, PrivateKeyAccount } from 'viem';
import { createPublicClient, createWalletClient, erc20Abi, http } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { DemoClient, Json } from './demo-client.ts';
import type { DemoTradeOptions } from './run-demo-trade.ts';
import { agreeOnContract, demoTraders, dollars } from './run-demo-trade.ts';
import { TimelinePrinter } from './timeline-printer.ts';

export interface UsdcDemoOptions extends Omit<DemoTradeOptions, 'stripeUrl'> {
  /** The USDC sandbox's faucet (it also says where its chain is). */
  readonly usdcUrl: string;
  /** The price in cents: above $10,000, so the trade takes the USDC rail. */
  readonly priceCents: number;
}

/** Funding and release each wait for USDC_CONFIRMATIONS blocks of the sandbox chain. */
const CHAIN_PATIENCE_MS = 180_000;

/**
 * A trade above $10,000 on the USDC rail, through the public HTTP API and the USDC sandbox: both
 * register a wallet by signing a challenge, they agree on the price, the buyer gets sandbox USDC
 * from the faucet and pays the escrow's deposit address with an ERC-20 transfer, which counts
 * once it is USDC_CONFIRMATIONS blocks deep; then delivery, release, and the payout checked on
 * chain. Returns the escrow id.
 */
export async function runUsdcDemoTrade(options: UsdcDemoOptions): Promise<string> {
  const { say } = options;
  const chain = await chainOf(options.usdcUrl);
  const run = randomInt(1_000_000, 9_999_999);
  const { seller, buyer, roblox } = await demoTraders(options, run);
  const sellerWallet = await registerWallet(seller.client, 'PAYOUT');
  say(
    `seller proved control of payout wallet ${sellerWallet.address} (signed challenge, screened)`,
  );
  const buyerWallet = await registerWallet(buyer.client, 'REFUND');
  say(`buyer registered refund address ${buyerWallet.address}`);
  const deal = { price: options.priceCents, offer: options.priceCents };
  const escrowId = await agreeOnContract(options, roblox, run, deal, seller.client, buyer.client);

  const timeline = new TimelinePrinter(buyer.client, escrowId, say);
  const awaiting = await timeline.until((escrow) => escrow.payment.usdc !== null);
  const { depositAddress, amountDueMinor, confirmationsRequired } = awaiting.payment.usdc;
  say(
    `\nbuyer pays ${usdc(amountDueMinor)} USDC to deposit address ${depositAddress} (Base sandbox)`,
  );
  await faucet(options.usdcUrl, buyerWallet.address, BigInt(amountDueMinor));
  const txHash = await pay(chain, buyerWallet, depositAddress, BigInt(amountDueMinor));
  say(`deposit ${txHash} sent; it counts after ${confirmationsRequired} blocks`);
  await timeline.until(reportConfirmations(say, 'FUNDS_HELD'), CHAIN_PATIENCE_MS);

  await seller.client.post(`/api/escrow/${escrowId}/deliver`, { note: 'ownership transferred' });
  await timeline.until((escrow) => escrow.state === 'DELIVERED');
  await buyer.client.post(`/api/escrow/${escrowId}/release`);
  const released = await timeline.until((escrow) => escrow.state === 'RELEASED', CHAIN_PATIENCE_MS);
  const payout = released.payment.usdc.transfers.find((t: Json) => t.kind === 'PAYOUT');
  const onChain = await balanceOf(chain, sellerWallet.address);
  say(
    `\nRELEASED: ${usdc(released.payoutMinor)} USDC paid to the seller's wallet (tx ${payout?.txHash}), ${usdc(released.feeMinor)} USDC platform fee`,
  );
  say(
    `seller's wallet holds ${usdc(onChain)} USDC on chain (${dollars(options.priceCents)} trade)`,
  );
  return escrowId;
}

/** Base units as USDC with two decimals shown (the demo's amounts are whole cents). */
function usdc(minor: string | bigint): string {
  const units = BigInt(minor);
  const cents = units / 10_000n;
  return `${(cents / 100n).toLocaleString('en-US')}.${(cents % 100n).toString().padStart(2, '0')}`;
}

/** Prints each deposit's confirmations as they grow, until the escrow reaches `state`. */
function reportConfirmations(say: (line: string) => void, state: string) {
  let shown = -1;
  return (escrow: Json) => {
    const deposit = escrow.payment.usdc?.deposits?.[0];
    if (deposit !== undefined && deposit.confirmations !== shown) {
      shown = deposit.confirmations;
      say(
        `  deposit ${deposit.status}: ${shown} of ${escrow.payment.usdc.confirmationsRequired} confirmations`,
      );
    }
    return escrow.state === state;
  };
}

async function registerWallet(client: DemoClient, purpose: 'PAYOUT' | 'REFUND') {
  const wallet = privateKeyToAccount(generatePrivateKey());
  const challenge = await client.post('/api/me/wallets/challenge', {
    purpose,
    address: wallet.address,
  });
  const signature = await wallet.signMessage({ message: challenge.message });
  await client.post('/api/me/wallets', { challengeId: challenge.challengeId, signature });
  return wallet;
}

interface SandboxChain {
  readonly rpcUrl: string;
  readonly chainId: number;
  readonly usdcContractAddress: Address;
}

async function chainOf(usdcUrl: string): Promise<SandboxChain> {
  const answer = await fetch(usdcUrl);
  if (!answer.ok) throw new Error(`the USDC sandbox answered ${answer.status}`);
  return (await answer.json()) as SandboxChain;
}

async function faucet(usdcUrl: string, address: string, amountMinor: bigint): Promise<void> {
  const answer = await fetch(new URL('/faucet', usdcUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ address, amountMinor: amountMinor.toString() }),
  });
  if (!answer.ok) throw new Error(`the faucet answered ${answer.status}: ${await answer.text()}`);
}

function clientsOf(chain: SandboxChain) {
  const transport = http(chain.rpcUrl);
  const viemChain = {
    id: chain.chainId,
    name: 'USDC sandbox',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [chain.rpcUrl] } },
  };
  return { transport, viemChain, reader: createPublicClient({ chain: viemChain, transport }) };
}

async function pay(
  chain: SandboxChain,
  from: PrivateKeyAccount,
  to: string,
  amountMinor: bigint,
): Promise<string> {
  const { transport, viemChain, reader } = clientsOf(chain);
  const wallet = createWalletClient({ account: from, chain: viemChain, transport });
  const hash = await wallet.writeContract({
    address: chain.usdcContractAddress,
    abi: erc20Abi,
    functionName: 'transfer',
    args: [to as Address, amountMinor],
  });
  await reader.waitForTransactionReceipt({ hash });
  return hash;
}

function balanceOf(chain: SandboxChain, address: Address): Promise<bigint> {
  return clientsOf(chain).reader.readContract({
    address: chain.usdcContractAddress,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [address],
  });
}
