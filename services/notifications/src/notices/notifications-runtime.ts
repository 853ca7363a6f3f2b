import type { Database } from '@bloxtr8/db';
import type { Clock, Logger } from '@bloxtr8/platform';
import type { DiscordMessenger } from '../messenger/discord-messenger.ts';
import type { NoticeLookups } from './notice.ts';

/** What delivering needs: the database, Discord, the clock, and the lookups the rules use. */
export interface NotificationsRuntime {
  readonly db: Database;
  readonly messenger: DiscordMessenger;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly lookups: NoticeLookups;
}
