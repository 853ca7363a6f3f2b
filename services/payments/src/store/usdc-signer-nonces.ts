import type { Queryable } from '@bloxtr8/db';

/**
 * Takes the gas wallet's next transaction nonce under its row's lock, so processes signing at once
 * never take the same one: past what the chain counts (mined and pending transactions, ours or
 * not) and past every transfer of ours still on its way (signed but perhaps not yet broadcast, or
 * dropped by the node and about to be sent again). Commit it with the signed transaction.
 */
export async function takeSignerNonce(
  tx: Queryable,
  signer: string,
  chainPendingNonce: number,
): Promise<number> {
  await tx.query(
    'insert into payments.usdc_signers (signer_address) values ($1) on conflict do nothing',
    [signer],
  );
  await tx.query('select 1 from payments.usdc_signers where signer_address = $1 for update', [
    signer,
  ]);
  const { rows } = await tx.query<{ highest: bigint | null }>(
    `select max(signer_nonce)::int8 as highest from payments.usdc_transfers
     where signer_address = $1 and status in ('SIGNED', 'SENT')`,
    [signer],
  );
  const highest = rows[0]?.highest;
  return Math.max(
    chainPendingNonce,
    highest === null || highest === undefined ? 0 : Number(highest) + 1,
  );
}
