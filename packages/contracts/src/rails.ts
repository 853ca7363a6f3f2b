/**
 * Which rail carries a trade, by amount (SPEC §5): up to and including $10,000.00 through Stripe in
 * USD cents; above it USDC on Base, in USDC base units (6 decimals). Integer arithmetic only.
 */
export type RailName = 'STRIPE' | 'USDC_BASE';
export type CurrencyCode = 'USD' | 'USDC';

/** $10,000.00 in cents: the largest amount Stripe carries. */
export const STRIPE_MAX_CENTS = 1_000_000n;

/** One US cent in USDC base units: 1 USDC = 1,000,000 base units = 100 cents. */
export const USDC_UNITS_PER_CENT = 10_000n;

export interface RailChoice {
  readonly rail: RailName;
  readonly currency: CurrencyCode;
  readonly network: 'BASE' | null;
  /** The amount in the rail's own minor units. */
  readonly amountMinor: bigint;
}

/** Routes a price in USD cents to its rail and expresses it in that rail's minor units. */
export function chooseRail(priceCents: bigint): RailChoice {
  if (priceCents <= 0n) throw new RangeError('a price must be positive');
  if (priceCents <= STRIPE_MAX_CENTS) {
    return { rail: 'STRIPE', currency: 'USD', network: null, amountMinor: priceCents };
  }
  return {
    rail: 'USDC_BASE',
    currency: 'USDC',
    network: 'BASE',
    amountMinor: priceCents * USDC_UNITS_PER_CENT,
  };
}

/**
 * Whether an amount in a currency belongs on a rail: the check the escrow applies to what the
 * contract side decided, so a wrongly routed trade is refused rather than settled.
 */
export function isRoutedCorrectly(
  rail: RailName,
  currency: CurrencyCode,
  amountMinor: bigint,
): boolean {
  if (amountMinor <= 0n) return false;
  if (rail === 'STRIPE') return currency === 'USD' && amountMinor <= STRIPE_MAX_CENTS;
  return currency === 'USDC' && amountMinor > STRIPE_MAX_CENTS * USDC_UNITS_PER_CENT;
}
