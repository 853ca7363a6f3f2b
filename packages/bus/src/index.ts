export type { BackoffPolicy } from './backoff.ts';
export { backoffDelayMs, sleep } from './backoff.ts';
export type {
  BatchEnvelopeHandler,
  BatchItem,
  ConsumerLifecycle,
  ConsumerRuntimeDeps,
  ConsumerRuntimeOptions,
  EnvelopeHandler,
  HandlerContext,
  Preparer,
  RetryPolicy,
} from './consumer-runtime.ts';
export { createEnvelopeHandler, DEFAULT_RETRY_POLICY, startConsumer } from './consumer-runtime.ts';
export type { DeadLetterDetail, DeadLetterFilter, DeadLetterSummary } from './dead-letters.ts';
export { getDeadLetter, listDeadLetters, replayDeadLetter } from './dead-letters.ts';
export type { EmbeddedBusOptions } from './embedded/embedded-bus.ts';
export { DEFAULT_EMBEDDED_BUS_OPTIONS, EmbeddedBus } from './embedded/embedded-bus.ts';
export type { TopicSettings } from './embedded/embedded-log.ts';
export { isPermanent, PermanentError } from './handler-errors.ts';
export type { TopicCheck } from './kafka/check-topics.ts';
export type { ConsumerGroupBacklog } from './kafka/consumer-group-backlog.ts';
export { KafkaBus } from './kafka/kafka-bus.ts';
export type { KafkaBusOpenOptions, KafkaBusOptions } from './kafka/kafka-options.ts';
export { DEFAULT_KAFKA_BUS_OPTIONS, kafkaBusOptionsFrom } from './kafka/kafka-options.ts';
export type { MemberLedger } from './kafka/member-ledger.ts';
export { claimMemberSlot } from './kafka/member-ledger.ts';
export type {
  Drift,
  ProvisioningReport,
  ProvisionSettings,
  TopicLayout,
  TopicProvisioning,
  TopicSetting,
  TopicSpec,
} from './kafka/provision-topics.ts';
export { provisionKafkaTopics, TooFewBrokersError } from './kafka/provision-topics.ts';
export type {
  BatchHandler,
  Consumer,
  IncomingMessage,
  MessageBus,
  MessageHandler,
  OutgoingMessage,
  PublishContext,
  SubscribeOptions,
  TopicPartition,
} from './message-bus.ts';
export type { OpenBusOptions, ProvisionBusOptions } from './open-bus.ts';
export { catalogTopicSpecs, openBus, prepareBusTopics, provisionBusTopics } from './open-bus.ts';
export type { OutboxMessage } from './outbox.ts';
export { appendToOutbox, toOutboxMessage } from './outbox.ts';
export type { OutboxRelay, OutboxRelayOptions } from './outbox-relay.ts';
export { DEFAULT_RELAY_OPTIONS, startOutboxRelay } from './outbox-relay.ts';
export { partitionForKey } from './partitioner.ts';
export type { Repeating } from './repeating.ts';
export { startRepeating } from './repeating.ts';
export { HEADER, headersFor, traceIdOf } from './trace-headers.ts';
