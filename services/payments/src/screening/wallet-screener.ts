import type { Clock, Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { ProviderRetryPolicy } from '../resilience/call-provider.ts';
import { callProvider, DEFAULT_PROVIDER_RETRY } from '../resilience/call-provider.ts';
import type { CircuitBreakerOptions } from '../resilience/circuit-breaker.ts';
import { CircuitBreaker, DEFAULT_BREAKER_OPTIONS } from '../resilience/circuit-breaker.ts';
import type { ScreeningVerdict } from './screening-verdict.ts';
import { verdictOf } from './screening-verdict.ts';
import type { ScreeningFinding, ScreeningProvider, WalletScreening } from './wallet-screening.ts';

/** An address as every configured provider saw it, and what SPEC §5 makes of that. */
export interface ScreenedWallet {
  readonly address: string;
  readonly sanctioned: boolean;
  /** The highest risk any provider gave, 0–100. */
  readonly riskScore: number;
  readonly verdict: ScreeningVerdict;
  readonly findings: readonly ScreeningFinding[];
}

/** A provider could not answer (after retries, or its circuit is open): nothing is decided. */
export interface ScreeningOutage {
  readonly code: 'SCREENING_UNAVAILABLE';
  readonly provider: ScreeningProvider;
  readonly message: string;
}

/** Screens an address with every provider; answers only when all of them answered. */
export interface WalletScreener {
  screen(address: string): Promise<Result<ScreenedWallet, ScreeningOutage>>;
}

export interface WalletScreenerOptions {
  readonly clock: Clock;
  readonly retry?: ProviderRetryPolicy;
  readonly breaker?: CircuitBreakerOptions;
}

/**
 * Puts each provider behind its own circuit breaker (SPEC §6) and asks them all. An address is
 * screened only when every provider answered: an outage of either leaves it unscreened, and an
 * unscreened deposit is never accepted (its caller tries again later).
 */
export function createWalletScreener(
  providers: readonly WalletScreening[],
  options: WalletScreenerOptions,
): WalletScreener {
  if (providers.length === 0) throw new Error('wallet screening needs at least one provider');
  const guarded = providers.map((provider) => ({
    provider,
    breaker: new CircuitBreaker(options.clock, options.breaker ?? DEFAULT_BREAKER_OPTIONS),
  }));
  const retry = options.retry ?? DEFAULT_PROVIDER_RETRY;
  return {
    async screen(address) {
      const answers = await Promise.all(
        guarded.map(({ provider, breaker }) =>
          callProvider(breaker, retry, () => provider.screenAddress(address)).then((result) => ({
            provider: provider.provider,
            result,
          })),
        ),
      );
      const findings: ScreeningFinding[] = [];
      for (const { provider, result } of answers) {
        if (!result.ok) {
          return err({ code: 'SCREENING_UNAVAILABLE', provider, message: result.error.message });
        }
        findings.push(result.value);
      }
      const sanctioned = findings.some((finding) => finding.sanctioned);
      const riskScore = Math.max(0, ...findings.map((finding) => finding.riskScore ?? 0));
      return ok({
        address,
        sanctioned,
        riskScore,
        verdict: verdictOf({ sanctioned, riskScore }),
        findings,
      });
    },
  };
}
