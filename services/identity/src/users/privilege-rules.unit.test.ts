import { describe, expect, it } from 'vitest';
import type { Actor } from './privilege-rules.ts';
import { roleChangeRefusal, tierChangeRefusal } from './privilege-rules.ts';
import type { KycTier } from './user.ts';

const admin: Actor = { userId: 'admin', role: 'ADMIN' };
const moderator: Actor = { userId: 'moderator', role: 'MODERATOR' };
const user: Actor = { userId: 'user', role: 'USER' };
const change = (from: KycTier, to: KycTier) => ({ userId: 'someone', from, to });

describe('who may change roles', () => {
  it('lets admins change the role of others only', () => {
    expect(roleChangeRefusal(admin, 'someone')).toBeNull();
    expect(roleChangeRefusal(admin, 'admin')).toBe('OWN_ROLE');
    expect(roleChangeRefusal(moderator, 'someone')).toBe('ADMIN_ONLY');
    expect(roleChangeRefusal(user, 'someone')).toBe('ADMIN_ONLY');
  });
});

describe('who may change KYC tiers', () => {
  it('lets staff grant and remove the verified-seller badge', () => {
    for (const actor of [admin, moderator]) {
      expect(tierChangeRefusal(actor, change('TIER_1', 'TIER_2'))).toBeNull();
      expect(tierChangeRefusal(actor, change('TIER_2', 'TIER_1'))).toBeNull();
    }
  });

  it('keeps every other tier change for admins', () => {
    expect(tierChangeRefusal(moderator, change('TIER_1', 'TIER_0'))).toBe('ADMIN_ONLY');
    expect(tierChangeRefusal(moderator, change('TIER_0', 'TIER_1'))).toBe('ADMIN_ONLY');
    expect(tierChangeRefusal(moderator, change('TIER_2', 'TIER_0'))).toBe('ADMIN_ONLY');
    expect(tierChangeRefusal(admin, change('TIER_1', 'TIER_0'))).toBeNull();
    expect(tierChangeRefusal(admin, change('TIER_0', 'TIER_1'))).toBeNull();
  });

  it('never grants TIER_2 without a Roblox link first', () => {
    expect(tierChangeRefusal(admin, change('TIER_0', 'TIER_2'))).toBe('TIER_PREREQUISITE');
    expect(tierChangeRefusal(moderator, change('TIER_0', 'TIER_2'))).toBe('TIER_PREREQUISITE');
  });

  it('never lets staff set their own tier', () => {
    for (const actor of [admin, moderator]) {
      const own = { userId: actor.userId, from: 'TIER_1', to: 'TIER_2' } as const;
      expect(tierChangeRefusal(actor, own)).toBe('OWN_TIER');
      expect(tierChangeRefusal(actor, { ...own, from: 'TIER_2', to: 'TIER_1' })).toBe('OWN_TIER');
    }
  });

  it('refuses users outright, even for no change', () => {
    expect(tierChangeRefusal(user, change('TIER_1', 'TIER_2'))).toBe('STAFF_ONLY');
    expect(tierChangeRefusal(user, change('TIER_1', 'TIER_1'))).toBe('STAFF_ONLY');
  });
});
