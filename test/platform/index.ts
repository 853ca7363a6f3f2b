export type { ApiAnswer } from './api-caller.ts';
export { ApiCaller } from './api-caller.ts';
export { eventually } from './eventually.ts';
export * from './identity-fixtures.ts';
export { kafkaPlatformOptions } from './kafka-platform-options.ts';
export type { MarketplacePlatform, MarketTrader } from './marketplace-platform.ts';
export { startMarketplacePlatform } from './marketplace-platform.ts';
export { ensureSignedUp, onboardSeller } from './payout-fixtures.ts';
export { giveGameTo } from './roblox-fixtures.ts';
export { testRobloxApis } from './roblox-test-apis.ts';
export type { RpcFaultProxy } from './rpc-fault-proxy.ts';
export { startRpcFaultProxy } from './rpc-fault-proxy.ts';
export type {
  SandboxDispute,
  SandboxTrader,
  SandboxUrls,
} from './sandbox-dispute.ts';
export { disputeInSandbox, sandboxTrader } from './sandbox-dispute.ts';
export type { GatewayIdentity, TestPlatform, TestPlatformOptions } from './start-test-platform.ts';
export { startTestPlatform } from './start-test-platform.ts';
export type { RecordedMessage } from './topic-recorder.ts';
export { TopicRecorder } from './topic-recorder.ts';
export type { Trade } from './trade-fixtures.ts';
export { contractExecuted, escrowCommand, newTrade } from './trade-fixtures.ts';
export type { OpenEscrowOptions } from './trade-steps.ts';
export {
  deliverEscrow,
  disputeEscrow,
  fundEscrow,
  openEscrow,
  paymentIntentOf,
} from './trade-steps.ts';
export type { TradeIds } from './trade-wire.ts';
export { findTradeWireViolations } from './trade-wire.ts';
export type { UsdcTestRail } from './usdc-test-rail.ts';
export { startUsdcTestRail, TEST_CONFIRMATIONS } from './usdc-test-rail.ts';
export {
  openUsdcEscrow,
  openUsdcTradeByApi,
  registerWallet,
  USDC,
  usdcViewOf,
} from './usdc-trade-steps.ts';
