import { describe, expect, it } from 'vitest';
import type { RobloxGroupRole } from '../roblox/roblox-client.ts';
import { judgeOwnership } from './ownership-rule.ts';

const ME = '1001';
const GROUP = '5005';
const userGame = (id: string) => ({ id, type: 'User' as const });
const groupGame = { id: GROUP, type: 'Group' as const };
const role = (roleName: string, rank: number, groupId = GROUP): RobloxGroupRole => ({
  groupId,
  roleName,
  rank,
});

describe('judgeOwnership', () => {
  it('verifies the creator of a user-owned game as OWNER', () => {
    expect(judgeOwnership(ME, userGame(ME), [])).toEqual({
      verified: true,
      method: 'OWNER',
      groupId: null,
    });
  });

  it("refuses someone else's user-owned game, whatever groups the user is in", () => {
    expect(judgeOwnership(ME, userGame('2002'), [role('Owner', 255, '2002')])).toEqual({
      verified: false,
    });
  });

  it('verifies the group owner by rank 255, whatever the role is called', () => {
    expect(judgeOwnership(ME, groupGame, [role('Big Boss', 255)])).toEqual({
      verified: true,
      method: 'GROUP_OWNER',
      groupId: GROUP,
    });
  });

  it.each([
    ['Admin', 'GROUP_ADMIN'],
    ['Administrators', 'GROUP_ADMIN'],
    ['Co-Owner', 'GROUP_ADMIN'],
    ['co owner', 'GROUP_ADMIN'],
    ['Developer', 'GROUP_DEVELOPER'],
    ['Lead Developers', 'GROUP_DEVELOPER'],
    ['Dev', 'GROUP_DEVELOPER'],
  ])('verifies the role %s as %s', (name, method) => {
    expect(judgeOwnership(ME, groupGame, [role(name, 200)])).toEqual({
      verified: true,
      method,
      groupId: GROUP,
    });
  });

  it.each([
    ['an ordinary member', role('Member', 1)],
    ['the default role renamed Admin (rank 1)', role('Admin', 1)],
    ['a guest', role('Developer', 0)],
    ['a role that merely contains the letters', role('Devoted Fan', 50)],
    ['a moderator', role('Moderator', 200)],
    ['an admin of another group', role('Admin', 255, '6006')],
  ])('refuses %s', (_name, theRole) => {
    expect(judgeOwnership(ME, groupGame, [theRole])).toEqual({ verified: false });
  });

  it('refuses a group game when the user is in no group', () => {
    expect(judgeOwnership(ME, groupGame, [])).toEqual({ verified: false });
  });
});
