import type { Queryable } from '@bloxtr8/db';

/**
 * Takes the gas wallet's next transaction nonce under its row's lock, so processes signing at once
 * never take the same one: the larger of what we handed out and what the chain counts (a wallet
 * also used elsewhere, or a fresh database). Commit it with the signed transaction.
 */
export async function takeSignerNonce(
  tx: Queryable,
  signer: string,
  chainPendingNonce: number,
): Promise<number> {
  await tx.query(
    `insert into payments.usdc_signer_nonces (signer_address, next_nonce) values ($1, 0)
     on conflict (signer_address) do nothing`,
    [signer],
  );
  const { rows } = await tx.query<{ next_nonce: bigint }>(
    'select next_nonce from payments.usdc_signer_nonces where signer_address = $1 for update',
    [signer],
  );
  const stored = Number(rows[0]?.next_nonce ?? 0n);
  const nonce = Math.max(stored, chainPendingNonce);
  await tx.query(
    'update payments.usdc_signer_nonces set next_nonce = $2 where signer_address = $1',
    [signer, nonce + 1],
  );
  return nonce;
}
