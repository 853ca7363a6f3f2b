import { describe, expect, it } from 'vitest';
import type { Actor } from './privilege-rules.ts';
import { roleChangeRefusal, tierChangeRefusal } from './privilege-rules.ts';

const admin: Actor = { userId: 'admin', role: 'ADMIN' };
const moderator: Actor = { userId: 'moderator', role: 'MODERATOR' };
const user: Actor = { userId: 'user', role: 'USER' };

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
      expect(tierChangeRefusal(actor, 'TIER_1', 'TIER_2')).toBeNull();
      expect(tierChangeRefusal(actor, 'TIER_2', 'TIER_1')).toBeNull();
    }
  });

  it('keeps every other tier change for admins', () => {
    expect(tierChangeRefusal(moderator, 'TIER_1', 'TIER_0')).toBe('ADMIN_ONLY');
    expect(tierChangeRefusal(moderator, 'TIER_0', 'TIER_1')).toBe('ADMIN_ONLY');
    expect(tierChangeRefusal(moderator, 'TIER_2', 'TIER_0')).toBe('ADMIN_ONLY');
    expect(tierChangeRefusal(admin, 'TIER_1', 'TIER_0')).toBeNull();
    expect(tierChangeRefusal(admin, 'TIER_0', 'TIER_1')).toBeNull();
  });

  it('never grants TIER_2 without a Roblox link first', () => {
    expect(tierChangeRefusal(admin, 'TIER_0', 'TIER_2')).toBe('TIER_PREREQUISITE');
    expect(tierChangeRefusal(moderator, 'TIER_0', 'TIER_2')).toBe('TIER_PREREQUISITE');
  });

  it('refuses users outright, even for no change', () => {
    expect(tierChangeRefusal(user, 'TIER_1', 'TIER_2')).toBe('STAFF_ONLY');
    expect(tierChangeRefusal(user, 'TIER_1', 'TIER_1')).toBe('STAFF_ONLY');
  });
});
