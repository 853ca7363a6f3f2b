import type { Queryable } from '@bloxtr8/db';
import { newId } from '@bloxtr8/platform';
import type { RobloxDouble } from '@bloxtr8/sandbox/roblox';
import { newRobloxId } from '@bloxtr8/sandbox/roblox';

/**
 * Makes `userId` the Roblox creator of `universeId`, for fixtures written straight with SQL (e.g.
 * insertContractFixture): a linked Roblox account, written into identity.linked_accounts, and the
 * game on the Roblox double created by it. Returns the Roblox user id.
 */
export async function giveGameTo(
  db: Queryable,
  roblox: Pick<RobloxDouble, 'control'>,
  owner: { readonly userId: string; readonly universeId: string },
): Promise<string> {
  const robloxUserId = newRobloxId();
  await db.query(
    `insert into identity.linked_accounts (id, user_id, provider, provider_account_id,
       provider_username)
     values ($1, $2, 'ROBLOX', $3, $4)`,
    [newId(), owner.userId, robloxUserId, `builder_${robloxUserId}`],
  );
  await roblox.control.addUniverse({
    id: owner.universeId,
    creator: { id: robloxUserId, type: 'User' },
  });
  return robloxUserId;
}
