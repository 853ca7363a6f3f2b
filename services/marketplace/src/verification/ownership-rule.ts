import type { RobloxCreator, RobloxGroupRole } from '../roblox/roblox-client.ts';

/** How a user controls a game (marketplace.asset_verifications.method). */
export const OWNERSHIP_METHODS = [
  'OWNER',
  'GROUP_OWNER',
  'GROUP_ADMIN',
  'GROUP_DEVELOPER',
] as const;
export type OwnershipMethod = (typeof OWNERSHIP_METHODS)[number];

export type OwnershipVerdict =
  | { readonly verified: true; readonly method: OwnershipMethod; readonly groupId: string | null }
  | { readonly verified: false };

/** Roblox gives the group owner's role rank 255, and no other role can have it. */
export const GROUP_OWNER_RANK = 255;
/**
 * Ranks 0 (guest) and 1 (the default member role) never count, whatever they are called: only a
 * role the group owner deliberately created and named counts.
 */
export const NAMED_ROLE_RANK_MIN = 2;
/** Admin-like role names: "Admin", "Administrators", "Co-Owner", "Co Owner", "Coowner". */
const ADMIN_ROLE_NAME = /\b(admin|admins|administrator|administrators|co[- ]?owners?)\b/i;
/** Developer-like role names: "Developer", "Developers", "Dev", "Devs", "Lead Developer". */
const DEVELOPER_ROLE_NAME = /\b(dev|devs|developer|developers)\b/i;

/**
 * ADR 0012: a user controls a universe when they created it, or when it belongs to a group in
 * which their role is the owner's (rank 255), admin-like or developer-like by name (rank ≥ 2).
 * The public API does not show a role's permissions, so the name is the signal; the group owner,
 * who names the roles, decides who counts.
 */
export function judgeOwnership(
  robloxUserId: string,
  creator: RobloxCreator,
  groupRoles: readonly RobloxGroupRole[],
): OwnershipVerdict {
  if (creator.type === 'User') {
    return creator.id === robloxUserId
      ? { verified: true, method: 'OWNER', groupId: null }
      : { verified: false };
  }
  const role = groupRoles.find((candidate) => candidate.groupId === creator.id);
  if (role === undefined) return { verified: false };
  const method = methodOfRole(role);
  return method === undefined
    ? { verified: false }
    : { verified: true, method, groupId: creator.id };
}

function methodOfRole(role: RobloxGroupRole): OwnershipMethod | undefined {
  if (role.rank === GROUP_OWNER_RANK) return 'GROUP_OWNER';
  if (role.rank < NAMED_ROLE_RANK_MIN) return undefined;
  if (ADMIN_ROLE_NAME.test(role.roleName)) return 'GROUP_ADMIN';
  if (DEVELOPER_ROLE_NAME.test(role.roleName)) return 'GROUP_DEVELOPER';
  return undefined;
}
