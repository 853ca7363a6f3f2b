export { DiscordDoubleControl } from './discord-double-control.ts';
export type { DiscordGrant, DiscordTestUser } from './discord-double-state.ts';
export { s256Challenge } from './discord-double-state.ts';
export type { DoubleChannel, InteractionRecord } from './discord-rest-state.ts';
export type { InteractionOutcome, InteractionRequest } from './interaction-sender.ts';
export { InteractionSigner } from './interaction-signer.ts';
export type { DiscordDouble, DiscordDoubleOptions } from './start-discord-double.ts';
export { startDiscordDouble } from './start-discord-double.ts';
