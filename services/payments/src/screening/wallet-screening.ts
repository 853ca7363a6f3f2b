import type { RailResult } from '../rails/payment-rail.ts';

export type ScreeningProvider = 'TRM_LABS' | 'CHAINALYSIS';

/** What one provider says about an address. */
export interface ScreeningFinding {
  readonly provider: ScreeningProvider;
  /** 0–100, higher is riskier; null when this provider does not score risk. */
  readonly riskScore: number | null;
  readonly sanctioned: boolean;
  /** The provider's own words for why (categories, lists), for the moderator and the audit log. */
  readonly detail: string;
}

/**
 * A wallet-screening provider (SPEC §5): TRM Labs scores an address's risk, Chainalysis says
 * whether it is sanctioned. Failure codes: SCREENING_UNAVAILABLE (retryable: an outage, a rate
 * limit, a timeout), SCREENING_REFUSED (final: our credentials or request were refused).
 */
export interface WalletScreening {
  readonly provider: ScreeningProvider;
  screenAddress(address: string): Promise<RailResult<ScreeningFinding>>;
}
