import type { Database } from '@bloxtr8/db';
import type { Clock, Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type {
  ScreenedWallet,
  ScreeningOutage,
  WalletScreener,
} from '../screening/wallet-screener.ts';
import { recordScreening } from '../store/wallet-screenings.ts';

/**
 * Screens a wallet a trader registers (their payout wallet, or their refund address) and keeps
 * the result with its audit entry. Only an address that passes (SPEC §5: not sanctioned, risk
 * below 50) may be registered; the caller decides what to answer otherwise.
 */
export async function screenRegisteredWallet(
  db: Database,
  screener: WalletScreener,
  clock: Clock,
  wallet: {
    readonly address: string;
    readonly purpose: 'PAYOUT' | 'REFUND';
    readonly userId: string;
  },
): Promise<Result<ScreenedWallet, ScreeningOutage>> {
  const screened = await screener.screen(wallet.address);
  if (!screened.ok) return err(screened.error);
  await db.transaction((tx) =>
    recordScreening(
      tx,
      screened.value,
      {
        purpose: wallet.purpose === 'PAYOUT' ? 'PAYOUT_WALLET' : 'REFUND_WALLET',
        userId: wallet.userId,
      },
      clock.now(),
    ),
  );
  return ok(screened.value);
}
