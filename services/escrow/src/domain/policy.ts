const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The escrow's configurable numbers (SPEC §4 timeouts; the platform's fee). */
export interface EscrowPolicy {
  /** AWAIT_FUNDS longer than this is cancelled (reason TIMEOUT). */
  readonly fundingTimeoutMs: number;
  /** DELIVERED this long without a dispute is released (reason AUTO_RELEASE). */
  readonly autoReleaseMs: number;
  /** DISPUTED this long alerts the moderators. */
  readonly disputeAlertMs: number;
  /** After an automatic release failed, wait this long before trying again. */
  readonly autoReleaseRetryMs: number;
  /** The platform's fee on a release, in basis points of the amount (100 = 1 %). */
  readonly platformFeeBps: number;
}

export const DEFAULT_ESCROW_POLICY: EscrowPolicy = {
  fundingTimeoutMs: 72 * HOUR_MS,
  autoReleaseMs: 7 * DAY_MS,
  disputeAlertMs: 30 * DAY_MS,
  autoReleaseRetryMs: HOUR_MS,
  platformFeeBps: 500,
};

/** The platform's fee on `amountMinor`, rounded down to a whole minor unit: never a float. */
export function platformFeeMinor(amountMinor: bigint, feeBps: number): bigint {
  if (!Number.isInteger(feeBps) || feeBps < 0 || feeBps > 10_000) {
    throw new RangeError(`platform fee must be 0..10000 basis points, got ${feeBps}`);
  }
  return (amountMinor * BigInt(feeBps)) / 10_000n;
}
