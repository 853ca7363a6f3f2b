import { describe, expect, it } from 'vitest';
import { chooseRail, isRoutedCorrectly } from './rails.ts';

describe('rail routing', () => {
  it('sends up to and including $10,000.00 through Stripe in cents', () => {
    expect(chooseRail(1n)).toEqual({
      rail: 'STRIPE',
      currency: 'USD',
      network: null,
      amountMinor: 1n,
    });
    expect(chooseRail(1_000_000n)).toMatchObject({ rail: 'STRIPE', amountMinor: 1_000_000n });
  });

  it('sends anything above $10,000.00 as USDC on Base, in 6-decimal base units', () => {
    expect(chooseRail(1_000_001n)).toEqual({
      rail: 'USDC_BASE',
      currency: 'USDC',
      network: 'BASE',
      amountMinor: 10_000_010_000n,
    });
  });

  it('keeps huge amounts exact', () => {
    expect(chooseRail(123_456_789_012_345n).amountMinor).toBe(1_234_567_890_123_450_000n);
  });

  it('refuses zero and negative prices', () => {
    expect(() => chooseRail(0n)).toThrow(RangeError);
    expect(() => chooseRail(-5n)).toThrow(RangeError);
  });

  it('recognises a trade routed to the wrong rail', () => {
    expect(isRoutedCorrectly('STRIPE', 'USD', 1_000_000n)).toBe(true);
    expect(isRoutedCorrectly('STRIPE', 'USD', 1_000_001n)).toBe(false);
    expect(isRoutedCorrectly('STRIPE', 'USDC', 100n)).toBe(false);
    expect(isRoutedCorrectly('USDC_BASE', 'USDC', 10_000_000_000n)).toBe(false);
    expect(isRoutedCorrectly('USDC_BASE', 'USDC', 10_000_010_000n)).toBe(true);
    expect(isRoutedCorrectly('USDC_BASE', 'USD', 10_000_010_000n)).toBe(false);
  });
});
