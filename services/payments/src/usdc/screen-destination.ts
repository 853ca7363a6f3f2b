import { PermanentError } from '@bloxtr8/bus';
import { ProviderUnavailableError } from '../handlers/payments-deps.ts';
import { isEvmAddress } from '../rails/usdc-base/usdc-base.mapping.ts';
import type { ScreenedWallet } from '../screening/wallet-screener.ts';
import type { UsdcDeps } from './usdc-deps.ts';

/**
 * Screens where money is about to be sent (SPEC §5: before any payout). A provider outage is
 * retried by the consumer runtime like any provider outage; a destination that is not an address
 * at all is a bug in what identity kept.
 */
export async function screenDestination(deps: UsdcDeps, address: string): Promise<ScreenedWallet> {
  if (!isEvmAddress(address)) {
    throw new PermanentError('MALFORMED_DESTINATION', `${address} is not an EVM address`);
  }
  const screened = await deps.screener.screen(address);
  if (!screened.ok) {
    throw new ProviderUnavailableError(
      `${screened.error.code} (${screened.error.provider}): ${screened.error.message}`,
    );
  }
  return screened.value;
}
