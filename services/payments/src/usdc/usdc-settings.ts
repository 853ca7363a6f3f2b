import type { UsdcBaseRail } from '../rails/usdc-base/usdc-base.rail.ts';
import type { WalletScreener } from '../screening/wallet-screener.ts';
import type { ChainFollowing } from './follow-chain.ts';
import type { RefundAddresses } from './usdc-deps.ts';

/** The USDC-on-Base rail as a composition root configures it for the payments service. */
export interface UsdcSettings {
  readonly rail: UsdcBaseRail;
  /** TRM Labs and Chainalysis, each behind its circuit breaker (`createWalletScreener`). */
  readonly screener: WalletScreener;
  /** USDC_CONFIRMATIONS: blocks a deposit or transfer needs before it counts. */
  readonly confirmations: number;
  /** Where buyers' refunds go; identity knows (a REFUND_WALLET linked account). */
  readonly refundAddresses: RefundAddresses;
  /** How often the chain watcher passes; 2 s unless given. */
  readonly watchIntervalMs?: number;
  readonly following?: Partial<ChainFollowing>;
}
