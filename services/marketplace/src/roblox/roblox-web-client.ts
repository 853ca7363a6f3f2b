import type { Result, Secret } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import { z } from 'zod';
import type {
  RobloxClient,
  RobloxFailure,
  RobloxGroupRole,
  RobloxRolePermissions,
  RobloxUniverse,
} from './roblox-client.ts';
import type { RobloxHosts } from './roblox-hosts.ts';
import { robloxEndpoint } from './roblox-hosts.ts';
import type { RobloxRequestRuntime } from './roblox-request.ts';
import { getRobloxJson } from './roblox-request.ts';

const ZRobloxId = z.number().int().positive().transform(String);

/** games.roblox.com/v1/games?universeIds=… (fields we read; Roblox sends more). */
const ZGames = z.object({
  data: z.array(
    z.object({
      id: ZRobloxId,
      rootPlaceId: ZRobloxId.nullish(),
      name: z.string(),
      description: z.string().nullish(),
      creator: z.object({ id: ZRobloxId, type: z.enum(['User', 'Group']) }),
      visits: z.number().int().nonnegative().catch(0),
      playing: z.number().int().nonnegative().catch(0),
      created: z.iso.datetime({ offset: true }).nullish().catch(null),
    }),
  ),
});

/** groups.roblox.com/v2/users/{userId}/groups/roles */
const ZGroupRoles = z.object({
  data: z.array(
    z.object({
      group: z.object({ id: ZRobloxId }),
      role: z.object({
        id: ZRobloxId,
        name: z.string(),
        rank: z.number().int().min(0).max(255),
      }),
    }),
  ),
});

/**
 * apis.roblox.com/cloud/v2/groups/{groupId}/roles/{roleId} (Open Cloud GroupRole). `permissions`
 * is absent when the caller may not see them; a permission left out is not granted.
 */
const ZGroupRole = z.object({
  id: z.string(),
  rank: z.number().int().min(0).max(255),
  permissions: z.object({ manageGroupUniverses: z.boolean().optional() }).optional(),
});

/** thumbnails.roblox.com/v1/games/icons?universeIds=… */
const ZIcons = z.object({
  data: z.array(
    z.object({ targetId: ZRobloxId, state: z.string(), imageUrl: z.string().nullish() }),
  ),
});

/** The real adapter over Roblox's public web APIs (no credentials needed for these reads). */
export function createRobloxWebClient(
  hosts: RobloxHosts,
  runtime: RobloxRequestRuntime,
): RobloxClient {
  const read = async <T>(
    url: URL,
    schema: z.ZodType<T>,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<Result<T, RobloxFailure>> => {
    const answer = await getRobloxJson(url, runtime, headers);
    if (!answer.ok) return answer;
    const parsed = schema.safeParse(answer.value);
    return parsed.success ? ok(parsed.data) : err('ROBLOX_UNAVAILABLE');
  };
  return {
    fetchUniverse: async (universeId) => {
      const url = robloxEndpoint(hosts.games, 'v1/games');
      url.searchParams.set('universeIds', universeId);
      const answer = await read(url, ZGames);
      if (!answer.ok) return answer;
      const game = answer.value.data.find((entry) => entry.id === universeId);
      if (game === undefined) return ok(null);
      const universe: RobloxUniverse = {
        id: game.id,
        rootPlaceId: game.rootPlaceId ?? null,
        name: game.name,
        description: game.description ?? '',
        creator: game.creator,
        visits: game.visits,
        playing: game.playing,
        createdAt: game.created == null ? null : new Date(game.created),
      };
      return ok(universe);
    },
    listGroupRoles: async (robloxUserId) => {
      const url = robloxEndpoint(
        hosts.groups,
        `v2/users/${encodeURIComponent(robloxUserId)}/groups/roles`,
      );
      const answer = await read(url, ZGroupRoles);
      if (!answer.ok) return answer;
      return ok(
        answer.value.data.map(
          (entry): RobloxGroupRole => ({
            groupId: entry.group.id,
            roleId: entry.role.id,
            roleName: entry.role.name,
            rank: entry.role.rank,
          }),
        ),
      );
    },
    fetchGameIconUrl: async (universeId) => {
      const url = robloxEndpoint(hosts.thumbnails, 'v1/games/icons');
      url.search = new URLSearchParams({
        universeIds: universeId,
        size: '512x512',
        format: 'Png',
        isCircular: 'false',
      }).toString();
      const answer = await read(url, ZIcons);
      if (!answer.ok) return answer;
      const icon = answer.value.data.find((entry) => entry.targetId === universeId);
      // Roblox answers Pending while it renders, Blocked for moderated images: no icon then.
      return ok(icon?.state === 'Completed' && icon.imageUrl ? icon.imageUrl : null);
    },
    fetchRolePermissions: async (role, accessToken: Secret) => {
      const url = robloxEndpoint(
        hosts.apis,
        `cloud/v2/groups/${encodeURIComponent(role.groupId)}/roles/${encodeURIComponent(role.roleId)}`,
      );
      const answer = await read(url, ZGroupRole, {
        authorization: `Bearer ${accessToken.reveal()}`,
      });
      if (!answer.ok) return answer;
      const { permissions } = answer.value;
      if (permissions === undefined) return ok(null);
      const granted: RobloxRolePermissions = {
        manageGroupUniverses: permissions.manageGroupUniverses === true,
      };
      return ok(granted);
    },
  };
}
