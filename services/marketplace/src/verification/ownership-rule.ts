import type {
  RobloxCreator,
  RobloxGroupRole,
  RobloxRolePermissions,
} from '../roblox/roblox-client.ts';

/**
 * How a user controls a game (marketplace.asset_verifications.method). GROUP_ADMIN and
 * GROUP_DEVELOPER were judged from role names before ADR 0015; rows may still carry them, but
 * they are no longer given.
 */
export const OWNERSHIP_METHODS = [
  'OWNER',
  'GROUP_OWNER',
  'GROUP_MANAGER',
  'GROUP_ADMIN',
  'GROUP_DEVELOPER',
] as const;
export type OwnershipMethod = (typeof OWNERSHIP_METHODS)[number];

export type OwnershipVerdict =
  | { readonly verified: true; readonly method: OwnershipMethod; readonly groupId: string | null }
  | { readonly verified: false };

/** Roblox gives the group owner's role rank 255, and no other role can have it. */
export const GROUP_OWNER_RANK = 255;

/** The user's place in the group that owns a game: their role, and what it may do. */
export interface GroupStanding {
  readonly role: RobloxGroupRole;
  /** The role's permissions as Roblox showed them to the user; null when not known. */
  readonly permissions: RobloxRolePermissions | null;
}

/** The user's role in the group that created the game, if they are a member. */
export function roleInOwningGroup(
  creator: RobloxCreator,
  groupRoles: readonly RobloxGroupRole[],
): RobloxGroupRole | undefined {
  if (creator.type !== 'Group') return undefined;
  return groupRoles.find((role) => role.groupId === creator.id);
}

/** Whether the role's permissions must be read to judge it: all but the owner's. */
export function needsPermissions(role: RobloxGroupRole): boolean {
  return role.rank !== GROUP_OWNER_RANK;
}

/**
 * ADR 0012 and 0015: a user controls a universe when they created it, or when it belongs to a
 * group in which they hold the owner's role (rank 255) or a role permitted to manage the group's
 * experiences (Roblox's `manageGroupUniverses`). What a role is called proves nothing: any group
 * owner can name a role "Admin" without giving it a single permission.
 */
export function judgeOwnership(
  robloxUserId: string,
  creator: RobloxCreator,
  standing: GroupStanding | null,
): OwnershipVerdict {
  if (creator.type === 'User') {
    return creator.id === robloxUserId
      ? { verified: true, method: 'OWNER', groupId: null }
      : { verified: false };
  }
  if (standing === null || standing.role.groupId !== creator.id) return { verified: false };
  if (standing.role.rank === GROUP_OWNER_RANK) {
    return { verified: true, method: 'GROUP_OWNER', groupId: creator.id };
  }
  return standing.permissions?.manageGroupUniverses === true
    ? { verified: true, method: 'GROUP_MANAGER', groupId: creator.id }
    : { verified: false };
}
