/** `"280000"` (cents) → `$2,800.00`; exact for any amount (bigint, no float on the way). */
export function formatUsd(cents: string | bigint | null | undefined): string {
  if (cents === null || cents === undefined || cents === '') return '—';
  const value = BigInt(cents);
  const sign = value < 0n ? '-' : '';
  const absolute = value < 0n ? -value : value;
  const dollars = (absolute / 100n).toString().replace(/\B(?=(\d{3})+$)/g, ',');
  return `${sign}$${dollars}.${(absolute % 100n).toString().padStart(2, '0')}`;
}

/** `"2,800.50"`, `"$2800"` → 280050n / 280000n; null when it is not an amount of dollars. */
export function parseUsd(text: string): bigint | null {
  const match = /^\$?\s*(\d{1,12}(?:,\d{3})*|\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (match === null) return null;
  const whole = BigInt((match[1] ?? '0').replaceAll(',', ''));
  const cents = BigInt((match[2] ?? '').padEnd(2, '0'));
  return whole * 100n + cents;
}
