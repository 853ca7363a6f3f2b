export type { DiscordMessenger, PostedMessage } from './messenger/discord-messenger.ts';
export { restDiscordMessenger } from './messenger/rest-discord-messenger.ts';
export type {
  NotificationsService,
  NotificationsServiceOptions,
} from './service/start-notifications-service.ts';
export {
  NOTIFICATIONS_GROUPS,
  startNotificationsService,
} from './service/start-notifications-service.ts';
export type { GuildMarketplace } from './store/guild-marketplaces.ts';
export {
  findGuildMarketplace,
  PRICE_RANGE_KEYS,
  saveGuildMarketplace,
} from './store/guild-marketplaces.ts';
