export type { LinkAnswer } from './link-with-roblox.ts';
export {
  consentOnDouble,
  finishInBrowser,
  linkWithRoblox,
  openCallback,
} from './link-with-roblox.ts';
export type { RobloxUniverseSeed } from './roblox-double-control.ts';
export { RobloxDoubleControl } from './roblox-double-control.ts';
export type {
  RobloxDoubleApi,
  RobloxTestGroupRole,
  RobloxTestUniverse,
  RobloxTestUser,
} from './roblox-double-state.ts';
export {
  newRobloxId,
  newRobloxTestUser,
} from './roblox-double-state.ts';
export type { RobloxDouble, RobloxDoubleOptions } from './start-roblox-double.ts';
export { startRobloxDouble } from './start-roblox-double.ts';
