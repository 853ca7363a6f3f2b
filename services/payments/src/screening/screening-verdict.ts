/**
 * What SPEC §5 makes of a screened address: a sanctioned one is frozen for manual review (money
 * is never sent to it), a risk above 80 is refused, 50 to 80 waits for a moderator, below 50 is
 * accepted.
 */
export type ScreeningVerdict = 'SANCTIONED' | 'HIGH_RISK' | 'REVIEW' | 'ACCEPT';

export const RISK_REVIEW_FROM = 50;
export const RISK_REFUSED_ABOVE = 80;

export function verdictOf(screened: {
  readonly sanctioned: boolean;
  readonly riskScore: number;
}): ScreeningVerdict {
  if (screened.sanctioned) return 'SANCTIONED';
  if (screened.riskScore > RISK_REFUSED_ABOVE) return 'HIGH_RISK';
  if (screened.riskScore >= RISK_REVIEW_FROM) return 'REVIEW';
  return 'ACCEPT';
}
