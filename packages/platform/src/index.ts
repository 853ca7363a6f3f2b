export type { Clock } from './clock.ts';
export { ManualClock, systemClock } from './clock.ts';
export type { KafkaConfig, KafkaSaslMechanism, PlatformConfig, TEnvironment } from './config.ts';
export {
  ConfigError,
  describeDatabaseUrlProblem,
  KAFKA_SASL_MECHANISMS,
  LOG_LEVELS,
  loadConfig,
  ZEnvironment,
} from './config.ts';
export { isUuid, newId, newSpanId, newTraceId } from './ids.ts';
export type { Logger, LoggerOptions } from './logger.ts';
export { createLogger } from './logger.ts';
export type { Result } from './result.ts';
export { assertNever, err, ok } from './result.ts';
export { Secret } from './secret.ts';
