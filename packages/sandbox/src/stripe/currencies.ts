/**
 * The currencies the double accepts, with their minor-unit exponent and Stripe's minimum charge
 * amount in minor units (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).
 * A short list on purpose: the platform settles in a handful of currencies, and an unexpected one
 * should fail loudly, as Stripe fails on an unsupported currency.
 */
const CURRENCIES: Readonly<Record<string, { exponent: number; chargeMinimum: number }>> = {
  usd: { exponent: 2, chargeMinimum: 50 },
  eur: { exponent: 2, chargeMinimum: 50 },
  gbp: { exponent: 2, chargeMinimum: 30 },
  cad: { exponent: 2, chargeMinimum: 50 },
  aud: { exponent: 2, chargeMinimum: 50 },
  nzd: { exponent: 2, chargeMinimum: 50 },
  chf: { exponent: 2, chargeMinimum: 50 },
  sek: { exponent: 2, chargeMinimum: 300 },
  nok: { exponent: 2, chargeMinimum: 300 },
  dkk: { exponent: 2, chargeMinimum: 250 },
  sgd: { exponent: 2, chargeMinimum: 50 },
  hkd: { exponent: 2, chargeMinimum: 400 },
  mxn: { exponent: 2, chargeMinimum: 1000 },
  brl: { exponent: 2, chargeMinimum: 50 },
  jpy: { exponent: 0, chargeMinimum: 50 },
};

/** Stripe's ceiling for a single amount: eight digits of minor units. */
export const AMOUNT_MAX = 99_999_999;

const SYMBOLS: Readonly<Record<string, string>> = { usd: '$', eur: '€', gbp: '£', jpy: '¥' };

export function isSupportedCurrency(currency: string): boolean {
  return Object.hasOwn(CURRENCIES, currency);
}

export function supportedCurrencies(): readonly string[] {
  return Object.keys(CURRENCIES);
}

export function chargeMinimum(currency: string): number {
  return CURRENCIES[currency]?.chargeMinimum ?? 1;
}

/**
 * `2500, 'usd'` → `$25.00`, as Stripe writes amounts in its error messages. String arithmetic on
 * the digits, so no float ever touches an amount.
 */
export function formatAmount(amountMinor: number, currency: string): string {
  const exponent = CURRENCIES[currency]?.exponent ?? 2;
  const digits = String(Math.abs(amountMinor)).padStart(exponent + 1, '0');
  const major = digits.slice(0, digits.length - exponent);
  const minor = exponent === 0 ? '' : `.${digits.slice(digits.length - exponent)}`;
  const grouped = major.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = amountMinor < 0 ? '-' : '';
  const symbol = SYMBOLS[currency];
  return symbol === undefined
    ? `${sign}${grouped}${minor} ${currency.toUpperCase()}`
    : `${sign}${symbol}${grouped}${minor}`;
}
