import type { RobloxTestGroupRole } from './roblox-double-state.ts';

/**
 * Open Cloud's GroupRole.permissions, field by field, as Roblox's published API describes them
 * (apis.roblox.com/cloud/v2/groups/{group_id}/roles/{role_id}).
 */
export const ROLE_PERMISSION_NAMES = [
  'viewWallPosts',
  'createWallPosts',
  'deleteWallPosts',
  'viewGroupShout',
  'createGroupShout',
  'changeRank',
  'acceptRequests',
  'exileMembers',
  'manageRelationships',
  'viewAuditLog',
  'spendGroupFunds',
  'advertiseGroup',
  'createAvatarItems',
  'manageAvatarItems',
  'manageGroupUniverses',
  'viewUniverseAnalytics',
  'createApiKeys',
  'manageApiKeys',
  'banMembers',
  'viewForums',
  'manageCategories',
  'createPosts',
  'lockPosts',
  'pinPosts',
  'removePosts',
  'createComments',
  'removeComments',
  'manageBlockedWords',
  'viewBlockedWords',
  'bypassSlowMode',
] as const;
export type RolePermissionName = (typeof ROLE_PERMISSION_NAMES)[number];

const OWNER_RANK = 255;

/** Every permission of the role: the owner's role has all, another role what it was seeded with. */
export function permissionsOf(
  role: Pick<RobloxTestGroupRole, 'rank' | 'permissions'>,
): Record<RolePermissionName, boolean> {
  return Object.fromEntries(
    ROLE_PERMISSION_NAMES.map((name) => [
      name,
      role.rank === OWNER_RANK || role.permissions?.[name] === true,
    ]),
  ) as Record<RolePermissionName, boolean>;
}
