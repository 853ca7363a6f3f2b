export type { ContractArtifact } from './compile-sandbox-usdc.ts';
export { readSandboxUsdcArtifact } from './compile-sandbox-usdc.ts';
export type { Anvil, AnvilOptions } from './start-anvil.ts';
export { startAnvil } from './start-anvil.ts';
export type { UsdcChain, UsdcChainOptions } from './usdc-chain.ts';
export { SANDBOX_GAS_WEI, startUsdcChain } from './usdc-chain.ts';
export type { UsdcFaucet } from './usdc-faucet.ts';
export { startUsdcFaucet } from './usdc-faucet.ts';
