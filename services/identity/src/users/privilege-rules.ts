import type { KycTier, UserRole } from './user.ts';

/** Why a role or tier change is refused; the gateway maps each to HTTP. */
export type PrivilegeRefusal =
  /** Only admins change roles, and tiers other than the verified-seller badge. */
  | 'ADMIN_ONLY'
  /** Staff grant or remove only the verified-seller badge (TIER_1 ↔ TIER_2). */
  | 'STAFF_ONLY'
  /** An admin cannot change their own role: the last admin must not lock everyone out. */
  | 'OWN_ROLE'
  /** Staff never set their own tier: a verified-seller badge is someone else's judgement. */
  | 'OWN_TIER'
  /** TIER_2 is granted on top of a linked Roblox account (TIER_1), never from TIER_0. */
  | 'TIER_PREREQUISITE';

export interface Actor {
  readonly userId: string;
  readonly role: UserRole;
}

const isStaffRole = (role: UserRole) => role === 'MODERATOR' || role === 'ADMIN';

/** Who may set someone's role: admins, never on themselves. */
export function roleChangeRefusal(actor: Actor, targetUserId: string): PrivilegeRefusal | null {
  if (actor.role !== 'ADMIN') return 'ADMIN_ONLY';
  if (actor.userId === targetUserId) return 'OWN_ROLE';
  return null;
}

/**
 * Who may move a user between tiers. The verified-seller badge (TIER_1 ↔ TIER_2) is the staff's
 * call (SPEC §2: granted by an admin; moderators vet sellers too), never on themselves. Anything
 * else overrides what Roblox linking decides and is for admins alone.
 */
export function tierChangeRefusal(
  actor: Actor,
  target: { readonly userId: string; readonly from: KycTier; readonly to: KycTier },
): PrivilegeRefusal | null {
  const { from, to } = target;
  if (!isStaffRole(actor.role)) return 'STAFF_ONLY';
  if (actor.userId === target.userId) return 'OWN_TIER';
  if (from === to) return null;
  if (to === 'TIER_2' && from === 'TIER_0') return 'TIER_PREREQUISITE';
  const isBadgeChange =
    (from === 'TIER_1' && to === 'TIER_2') || (from === 'TIER_2' && to === 'TIER_1');
  if (isBadgeChange) return null;
  return actor.role === 'ADMIN' ? null : 'ADMIN_ONLY';
}
