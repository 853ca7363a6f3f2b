import type { RailName } from '@bloxtr8/contracts';

/**
 * Where sellers are paid, asked when a release settles rather than frozen when the contract
 * executed (ADR 0014): a seller who sets up payouts after signing is paid all the same. Payments
 * owns this port; the composition root wires it to identity's `findPayoutDestination`.
 */
export interface PayoutDestinations {
  /**
   * The seller's payout account on `rail` (a Stripe connected account id, a wallet address), or
   * undefined while they have none.
   */
  destinationFor(sellerId: string, rail: RailName): Promise<string | undefined>;
}
