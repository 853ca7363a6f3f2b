import { randomUUID } from 'node:crypto';
import { ManualClock, Secret } from '@bloxtr8/platform';
import type { UsdcChain } from '@bloxtr8/sandbox/chain';
import { startUsdcChain } from '@bloxtr8/sandbox/chain';
import { english, generateMnemonic, generatePrivateKey } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsdcKeyring } from './deposit-keys.ts';
import { authorizationNonceOf } from './usdc-base.mapping.ts';
import type { UsdcBaseRail } from './usdc-base.rail.ts';
import { createUsdcBaseRail } from './usdc-base.rail.ts';

describe('the USDC-on-Base rail on anvil', () => {
  let chain: UsdcChain;
  let rail: UsdcBaseRail;
  beforeAll(async () => {
    chain = await startUsdcChain({ ownerKey: generatePrivateKey() });
    const keyring = createUsdcKeyring(new Secret(generateMnemonic(english)));
    rail = await createUsdcBaseRail({
      rpcUrl: chain.rpcUrl,
      tokenAddress: chain.tokenAddress,
      keyring,
      clock: new ManualClock(new Date()),
    });
    await chain.fundGas(rail.gasWallet);
  }, 60_000);
  afterAll(async () => {
    await chain?.stop();
  });

  const send = async (escrowId: string, to: `0x${string}`, amountMinor: bigint, key: string) => {
    const signed = await rail.signTransfer({
      fromEscrowId: escrowId,
      to,
      amountMinor,
      authorizationNonce: authorizationNonceOf(key),
      signerNonce: await rail.pendingNonce(),
      fees: await rail.gasFees(),
    });
    await rail.broadcast(signed);
    return signed;
  };

  it('derives one deposit address per escrow, the same every time', () => {
    const escrowId = randomUUID();
    expect(rail.depositAddressOf(escrowId)).toBe(rail.depositAddressOf(escrowId));
    expect(rail.depositAddressOf(escrowId)).not.toBe(rail.depositAddressOf(randomUUID()));
  });

  it('moves USDC out of a deposit address that holds no ETH, gas paid by the gas wallet', async () => {
    const escrowId = randomUUID();
    const deposit = rail.depositAddressOf(escrowId);
    const seller = rail.depositAddressOf(randomUUID());
    await chain.mint(deposit, 25_000_000_000n);

    const signed = await send(escrowId, seller, 23_750_000_000n, `${escrowId}:transfer:1`);

    expect(await rail.minedTransaction(signed.txHash)).toMatchObject({ succeeded: true });
    expect(await rail.balanceOf(seller)).toBe(23_750_000_000n);
    expect(await rail.balanceOf(deposit)).toBe(1_250_000_000n);
    const head = await rail.head();
    const logs = await rail.transfersInto([seller], 0n, head);
    expect(logs).toEqual([expect.objectContaining({ to: seller, amountMinor: 23_750_000_000n })]);
  });

  it('refuses on chain a second use of the same idempotency key, even signed anew', async () => {
    const escrowId = randomUUID();
    const deposit = rail.depositAddressOf(escrowId);
    const seller = rail.depositAddressOf(randomUUID());
    await chain.mint(deposit, 2_000_000n);

    const first = await send(escrowId, seller, 1_000_000n, `${escrowId}:transfer:1`);
    const again = await send(escrowId, seller, 1_000_000n, `${escrowId}:transfer:1`);

    expect(again.txHash).not.toBe(first.txHash);
    expect(await rail.minedTransaction(first.txHash)).toMatchObject({ succeeded: true });
    expect(await rail.minedTransaction(again.txHash)).toMatchObject({ succeeded: false });
    expect(await rail.balanceOf(seller)).toBe(1_000_000n);
  });

  it('takes a transaction it already sent as sent', async () => {
    const escrowId = randomUUID();
    await chain.mint(rail.depositAddressOf(escrowId), 5n);
    const signed = await send(escrowId, rail.treasury, 5n, `${escrowId}:fee:1`);
    await expect(rail.broadcast(signed)).resolves.toBeUndefined();
  });
});
