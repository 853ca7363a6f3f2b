export type { Clock } from './clock.ts';
export { ManualClock, systemClock } from './clock.ts';
export { describeDatabaseUrlProblem } from './config/database-config.ts';
export type { DiscordBotConfig } from './config/discord-bot-config.ts';
export type { FilesConfig } from './config/files-config.ts';
export type { DiscordSignInConfig, IdentityConfig } from './config/identity-config.ts';
export type { KafkaConfig, KafkaSaslMechanism } from './config/kafka-config.ts';
export { KAFKA_SASL_MECHANISMS } from './config/kafka-config.ts';
export type { PlatformConfig, TEnvironment } from './config/load-config.ts';
export { ConfigError, LOG_LEVELS, loadConfig, ZEnvironment } from './config/load-config.ts';
export { isLoopbackUrl } from './config/loopback-url.ts';
export type { TrustProxy } from './config/proxy-config.ts';
export type { RobloxConfig } from './config/roblox-config.ts';
export type { EscrowConfig, StripeConfig } from './config/trading-config.ts';
export type {
  MnemonicSource,
  ScreeningConfig,
  ScreeningProviderConfig,
  UsdcConfig,
} from './config/usdc-config.ts';
export { isUuid, newId, newSpanId, newTraceId } from './ids.ts';
export type { Logger, LoggerOptions } from './logger.ts';
export { createLogger } from './logger.ts';
export { isProcessAlive } from './process-alive.ts';
export type { Result } from './result.ts';
export { assertNever, err, ok } from './result.ts';
export { Secret } from './secret.ts';
