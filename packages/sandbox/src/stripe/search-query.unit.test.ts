import type { Stripe } from 'stripe';
import { describe, expect, it } from 'vitest';
import { matchesQuery, parseSearchQuery } from './search-query.ts';

const intent = {
  amount: 5_000,
  created: 1_760_000_000,
  currency: 'usd',
  status: 'succeeded',
  metadata: { escrow_id: 'esc_1' },
} as unknown as Stripe.PaymentIntent;

function matches(query: string): boolean {
  const parsed = parseSearchQuery(query);
  if (!parsed.ok) throw new Error(parsed.error);
  return matchesQuery(intent, parsed.value);
}

describe('the search query language', () => {
  it('matches metadata, status, currency and amounts', () => {
    expect(matches("metadata['escrow_id']:'esc_1'")).toBe(true);
    expect(matches('metadata["escrow_id"]:"esc_2"')).toBe(false);
    expect(matches("status:'succeeded' AND currency:'usd'")).toBe(true);
    expect(matches("status:'succeeded' currency:'eur'")).toBe(false);
    expect(matches("status:'canceled' OR amount>=5000")).toBe(true);
    expect(matches('amount>5000')).toBe(false);
    expect(matches("-status:'canceled'")).toBe(true);
  });

  it('refuses unsupported fields, mixed joiners and malformed clauses', () => {
    expect(parseSearchQuery("customer:'cus_1'").ok).toBe(false);
    expect(parseSearchQuery("status:'a' AND status:'b' OR status:'c'").ok).toBe(false);
    expect(parseSearchQuery("status>'a'").ok).toBe(false);
    expect(parseSearchQuery('metadata').ok).toBe(false);
    expect(parseSearchQuery('').ok).toBe(false);
  });
});
