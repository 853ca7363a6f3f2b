import { hostname, userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { Database } from '@bloxtr8/db';
import { migrate } from '@bloxtr8/db';
import type { Operator, User, UserRole } from '@bloxtr8/identity';
import {
  changeRoleAsOperator,
  DISCORD_SNOWFLAKE,
  listUsersByRole,
  USER_ROLES,
} from '@bloxtr8/identity';
import { withDatabase } from './with-database.ts';

const USAGE = `usage: bloxtr8 users <grant|revoke|list>

  users grant <discord-id> ADMIN|MODERATOR   give a signed-up Discord user a staff role (audited)
  users revoke <discord-id>                  make a staff member a plain user again (audited)
  users list [--role ADMIN|MODERATOR|USER] [--limit N]
                                             staff (or the users of one role), oldest first

The Discord user must have signed up (/signup in Discord) first. On the embedded database, stop
\`bloxtr8 start\` before (its data folder is locked while it runs).`;

const STAFF_ROLES = ['ADMIN', 'MODERATOR'] as const satisfies readonly UserRole[];
const LIST_LIMIT_MAX = 1_000;

const isRole = (text: string | undefined): text is UserRole =>
  (USER_ROLES as readonly string[]).includes(text ?? '');

function usage(problem?: string): number {
  console.error(problem === undefined ? USAGE : `bloxtr8 users: ${problem}\n\n${USAGE}`);
  return 64;
}

/** The person at the keyboard, as far as this machine knows them. */
function currentOperator(): Operator {
  let osUser: string | null = null;
  try {
    osUser = userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): the record says so by its null.
  }
  return { tool: 'cli', osUser, host: hostname() };
}

/** Operator commands open the database as the platform would, migrating a fresh one first. */
function onDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  return withDatabase('bloxtr8-users', async (db) => {
    await migrate(db);
    return work(db);
  });
}

async function setRole(discordUserId: string | undefined, role: UserRole): Promise<number> {
  if (discordUserId === undefined || !DISCORD_SNOWFLAKE.test(discordUserId)) {
    return usage(`"${discordUserId ?? ''}" is not a Discord user id (5 to 25 digits)`);
  }
  const result = await onDatabase((db) =>
    changeRoleAsOperator(db, { discordUserId, role, operator: currentOperator() }),
  );
  if (!result.ok) {
    console.error(
      `bloxtr8 users: no user with Discord id ${discordUserId} has signed up; they run /signup in Discord first (or list them in ADMIN_DISCORD_IDS)`,
    );
    return 1;
  }
  const { user, changed } = result.value;
  console.log(
    changed
      ? `bloxtr8 users: ${describe(user)} is now ${role}`
      : `bloxtr8 users: ${describe(user)} is ${role} already; nothing changed`,
  );
  return 0;
}

async function list(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { role: { type: 'string' }, limit: { type: 'string', default: '100' } },
  });
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > LIST_LIMIT_MAX) {
    return usage(`--limit takes a whole number from 1 to ${LIST_LIMIT_MAX}`);
  }
  if (values.role !== undefined && !isRole(values.role)) {
    return usage(`--role takes ${USER_ROLES.join(', ')}`);
  }
  const roles = values.role === undefined ? STAFF_ROLES : [values.role];
  const users = await onDatabase((db) => listUsersByRole(db, { roles, limit }));
  if (users.length === 0) console.log(`no users with role ${roles.join(' or ')}`);
  for (const user of users) {
    console.log(
      [user.discordUserId, user.role, user.tier, user.discordUsername, user.id].join('  '),
    );
  }
  return 0;
}

function describe(user: User): string {
  return `${user.discordUsername} (Discord ${user.discordUserId}, user ${user.id})`;
}

/** `bloxtr8 users …`: the operators' way to make the first admin and manage staff (ADR 0016). */
export async function runUsers(args: readonly string[]): Promise<number> {
  const [action, ...rest] = args;
  switch (action) {
    case 'grant': {
      const [discordUserId, role, ...extra] = rest;
      const staffRole = STAFF_ROLES.find((candidate) => candidate === role?.toUpperCase());
      if (staffRole === undefined || extra.length > 0) {
        return usage('grant takes a Discord user id and ADMIN or MODERATOR');
      }
      return setRole(discordUserId, staffRole);
    }
    case 'revoke':
      if (rest.length !== 1) return usage('revoke takes one Discord user id');
      return setRole(rest[0], 'USER');
    case 'list':
      return list(rest);
    default:
      return usage();
  }
}
