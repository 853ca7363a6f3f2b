import type { Address, Hash, Hex } from 'viem';
import type { GasFees, SignedTransfer } from '../rails/usdc-base/usdc-base.rail.ts';
import { takeSignerNonce } from '../store/usdc-signer-nonces.ts';
import type { UsdcTransfer } from '../store/usdc-transfers.ts';
import {
  lockQueuedTransfer,
  markSent,
  recordSigned,
  transfersWithStatus,
} from '../store/usdc-transfers.ts';
import type { UsdcDeps } from './usdc-deps.ts';
import { USDC_BATCH } from './usdc-deps.ts';

/**
 * Sends queued transfers: each is signed with the gas wallet's next nonce and committed as SIGNED
 * (nonce, raw transaction, hash) before it is broadcast, so a crash between the two sends the very
 * same transaction again, never a second one. Signed transfers not yet known as sent (a crash, a
 * failed broadcast) are broadcast again first. Returns how many it sent.
 */
export async function sendTransfers(deps: UsdcDeps): Promise<number> {
  const unsent = await transfersWithStatus(deps.db, ['SIGNED'], USDC_BATCH);
  for (const transfer of unsent) await broadcast(deps, transfer.id, signedOf(transfer));
  const queued = await transfersWithStatus(deps.db, ['QUEUED'], USDC_BATCH);
  if (queued.length === 0) return unsent.length;
  const fees = await deps.rail.gasFees();
  let sent = unsent.length;
  for (const transfer of queued) {
    const signed = await signAndRecord(deps, transfer.id, fees);
    if (signed === undefined) continue;
    await broadcast(deps, transfer.id, signed);
    sent += 1;
  }
  return sent;
}

export function signedOf(transfer: UsdcTransfer): SignedTransfer {
  if (transfer.rawTx === null || transfer.txHash === null) {
    throw new Error(`transfer ${transfer.id} has no signed transaction`);
  }
  return { rawTx: transfer.rawTx as Hex, txHash: transfer.txHash as Hash };
}

async function broadcast(deps: UsdcDeps, id: string, signed: SignedTransfer): Promise<void> {
  await deps.rail.broadcast(signed);
  await markSent(deps.db, id, deps.clock.now());
}

/** Signs one queued transfer and records it, in one transaction; undefined if another took it. */
async function signAndRecord(
  deps: UsdcDeps,
  id: string,
  fees: GasFees,
): Promise<SignedTransfer | undefined> {
  const { rail } = deps;
  const chainNonce = await rail.pendingNonce();
  return deps.db.transaction(async (tx) => {
    const transfer = await lockQueuedTransfer(tx, id);
    if (transfer === undefined) return undefined;
    const signerNonce = await takeSignerNonce(tx, rail.gasWallet, chainNonce);
    const signed = await rail.signTransfer({
      fromEscrowId: transfer.escrowId,
      to: transfer.toAddress as Address,
      amountMinor: transfer.amountMinor,
      authorizationNonce: transfer.authorizationNonce as Hex,
      signerNonce,
      fees,
    });
    await recordSigned(
      tx,
      id,
      { signerAddress: rail.gasWallet, signerNonce, rawTx: signed.rawTx, txHash: signed.txHash },
      deps.clock.now(),
    );
    return signed;
  });
}
