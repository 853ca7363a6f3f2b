/** `$1,234.56` from integer US cents: no floating point anywhere near money. */
export function formatUsdCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const absolute = cents < 0n ? -cents : cents;
  const dollars = (absolute / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = (absolute % 100n).toString().padStart(2, '0');
  return `${sign}$${dollars}.${rest}`;
}
