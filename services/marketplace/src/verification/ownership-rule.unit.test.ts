import { describe, expect, it } from 'vitest';
import type { RobloxGroupRole } from '../roblox/roblox-client.ts';
import type { GroupStanding } from './ownership-rule.ts';
import { judgeOwnership, needsPermissions, roleInOwningGroup } from './ownership-rule.ts';

const ME = '1001';
const GROUP = '5005';
const userGame = (id: string) => ({ id, type: 'User' as const });
const groupGame = { id: GROUP, type: 'Group' as const };
const role = (roleName: string, rank: number, groupId = GROUP): RobloxGroupRole => ({
  groupId,
  roleId: `${groupId}${rank}`,
  roleName,
  rank,
});
const standing = (
  theRole: RobloxGroupRole,
  manageGroupUniverses: boolean | null,
): GroupStanding => ({
  role: theRole,
  permissions: manageGroupUniverses === null ? null : { manageGroupUniverses },
});

describe('judgeOwnership', () => {
  it('verifies the creator of a user-owned game as OWNER', () => {
    expect(judgeOwnership(ME, userGame(ME), null)).toEqual({
      verified: true,
      method: 'OWNER',
      groupId: null,
    });
  });

  it("refuses someone else's user-owned game, whatever groups the user is in", () => {
    expect(
      judgeOwnership(ME, userGame('2002'), standing(role('Owner', 255, '2002'), true)),
    ).toEqual({ verified: false });
  });

  it('verifies the group owner by rank 255, whatever the role is called and without permissions', () => {
    expect(judgeOwnership(ME, groupGame, standing(role('Big Boss', 255), null))).toEqual({
      verified: true,
      method: 'GROUP_OWNER',
      groupId: GROUP,
    });
  });

  it.each([
    ['Builders', 20],
    ['Member', 1],
    ['Scripter', 200],
  ])(
    'verifies the role %s (rank %i) permitted to manage the group’s experiences as GROUP_MANAGER',
    (name, rank) => {
      expect(judgeOwnership(ME, groupGame, standing(role(name, rank), true))).toEqual({
        verified: true,
        method: 'GROUP_MANAGER',
        groupId: GROUP,
      });
    },
  );

  it.each([
    ['a role named Admin without the permission', standing(role('Admin', 250), false)],
    ['a role named Developer without the permission', standing(role('Developer', 100), false)],
    [
      'a role named Co-Owner whose permissions Roblox did not show',
      standing(role('Co-Owner', 254), null),
    ],
    ['a member of another group, even permitted there', standing(role('Owner', 255, '6006'), true)],
    ['someone in no group at all', null],
  ])('refuses %s', (_name, theStanding) => {
    expect(judgeOwnership(ME, groupGame, theStanding)).toEqual({ verified: false });
  });
});

describe('what the rule needs to know', () => {
  it("finds the user's role in the group that created the game, and none for a user's game", () => {
    const roles = [role('Fan', 1, '7007'), role('Builders', 20)];
    expect(roleInOwningGroup(groupGame, roles)).toEqual(role('Builders', 20));
    expect(roleInOwningGroup(userGame(ME), roles)).toBeUndefined();
    expect(roleInOwningGroup(groupGame, [role('Fan', 1, '7007')])).toBeUndefined();
  });

  it("reads the permissions of every role but the owner's", () => {
    expect(needsPermissions(role('Owner', 255))).toBe(false);
    expect(needsPermissions(role('Admin', 254))).toBe(true);
  });
});
