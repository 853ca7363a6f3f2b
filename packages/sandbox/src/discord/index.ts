export { DiscordDoubleControl } from './discord-double-control.ts';
export type { DiscordGrant, DiscordTestUser } from './discord-double-state.ts';
export { s256Challenge } from './discord-double-state.ts';
export type { DiscordDouble, DiscordDoubleOptions } from './start-discord-double.ts';
export { startDiscordDouble } from './start-discord-double.ts';
