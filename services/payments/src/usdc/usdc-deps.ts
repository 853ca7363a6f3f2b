import type { Database } from '@bloxtr8/db';
import type { Clock } from '@bloxtr8/platform';
import type { PayoutDestinations } from '../payouts/payout-destinations.ts';
import type { UsdcBaseRail } from '../rails/usdc-base/usdc-base.rail.ts';
import type { WalletScreener } from '../screening/wallet-screener.ts';

/** Where a buyer's USDC refund goes: the refund address they proved they own, if any. */
export interface RefundAddresses {
  refundAddressFor(buyerId: string): Promise<string | undefined>;
}

/** What the USDC rail's handlers and chain watcher need. */
export interface UsdcDeps {
  readonly db: Database;
  readonly clock: Clock;
  readonly rail: UsdcBaseRail;
  readonly screener: WalletScreener;
  /** Blocks (the including one counted) a deposit or transfer needs before it counts. */
  readonly confirmations: number;
  readonly payoutDestinations: PayoutDestinations;
  readonly refundAddresses: RefundAddresses;
}

/** Rows a chain-watcher step handles per pass: bounds every query and the calls after it. */
export const USDC_BATCH = 100;
