export type { EnumMapping } from './enum-mapping.ts';
export {
  ACTOR_ROLES,
  CURRENCIES,
  enumMapping,
  KYC_TIERS,
  NETWORKS,
  RAILS,
} from './enum-mapping.ts';
export type { Decoded, DecodeFailure, MessageWithMeta } from './envelope.ts';
export { decodeEnvelope, encodeEnvelope } from './envelope.ts';
export * from './gen/bloxtr8/common/v1/actor_pb.js';
export * from './gen/bloxtr8/common/v1/meta_pb.js';
export * from './gen/bloxtr8/common/v1/money_pb.js';
export * from './gen/bloxtr8/contracts/v1/events_pb.js';
export * from './gen/bloxtr8/dlq/v1/dead_letter_pb.js';
export * from './gen/bloxtr8/escrow/v1/commands_pb.js';
export * from './gen/bloxtr8/escrow/v1/events_pb.js';
export * from './gen/bloxtr8/marketplace/v1/events_pb.js';
export * from './gen/bloxtr8/payments/v1/commands_pb.js';
export * from './gen/bloxtr8/payments/v1/events_pb.js';
export * from './gen/bloxtr8/webhook/v1/events_pb.js';
export type { MetaInit } from './meta.ts';
export { createMeta, describeMetaProblem, metaCausedBy, SCHEMA_VERSION } from './meta.ts';
export type { CurrencyCode, RailChoice, RailName } from './rails.ts';
export { chooseRail, isRoutedCorrectly, STRIPE_MAX_CENTS, USDC_UNITS_PER_CENT } from './rails.ts';
export type {
  CleanupPolicy,
  DeadLetterTopicDefinition,
  TopicDefinition,
  TopicKey,
} from './topics.ts';
export { allTopicDefinitions, deadLetterTopicName, findTopic, TOPICS } from './topics.ts';
