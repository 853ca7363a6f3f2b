import { describe, expect, it } from 'vitest';
import { formatAmount } from './currencies.ts';

describe('formatAmount', () => {
  it('writes minor units as Stripe writes amounts in its messages', () => {
    expect(formatAmount(2_500, 'usd')).toBe('$25.00');
    expect(formatAmount(5, 'eur')).toBe('€0.05');
    expect(formatAmount(99_999_999, 'usd')).toBe('$999,999.99');
    expect(formatAmount(1_500, 'jpy')).toBe('¥1,500');
    expect(formatAmount(30_000, 'sek')).toBe('300.00 SEK');
    expect(formatAmount(-100, 'gbp')).toBe('-£1.00');
  });
});
