import type { DescMessage } from '@bufbuild/protobuf';
import { ContractEventEnvelopeSchema } from './gen/bloxtr8/contracts/v1/events_pb.js';
import { DeadLetterSchema } from './gen/bloxtr8/dlq/v1/dead_letter_pb.js';
import { EscrowCommandEnvelopeSchema } from './gen/bloxtr8/escrow/v1/commands_pb.js';
import { EscrowEventEnvelopeSchema } from './gen/bloxtr8/escrow/v1/events_pb.js';
import { MarketplaceEventEnvelopeSchema } from './gen/bloxtr8/marketplace/v1/events_pb.js';
import { PaymentCommandEnvelopeSchema } from './gen/bloxtr8/payments/v1/commands_pb.js';
import { PaymentEventEnvelopeSchema } from './gen/bloxtr8/payments/v1/events_pb.js';
import { WebhookEventEnvelopeSchema } from './gen/bloxtr8/webhook/v1/events_pb.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every topic is time-retained (`delete`), never compacted: compacting by escrow id would keep only
 * each escrow's last event and break replays and projections (SPEC §6 [fix]).
 */
export type CleanupPolicy = 'delete';

/** Everything a broker, a producer and a consumer need to know about one topic. */
export interface TopicDefinition<Envelope extends DescMessage = DescMessage> {
  readonly name: string;
  /** The proto field, present in every message of the topic, whose value is the message key. */
  readonly keyField: string;
  readonly partitions: number;
  readonly retentionMs: number;
  readonly cleanupPolicy: CleanupPolicy;
  /** Production figures; a single local broker provisions with 1 and 1. */
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  /** The one message type on the wire: an envelope whose oneof lists every message of the topic. */
  readonly envelope: Envelope;
  readonly dlq: DeadLetterTopicDefinition;
}

export interface DeadLetterTopicDefinition {
  readonly name: string;
  readonly keyField: string;
  readonly partitions: number;
  readonly retentionMs: number;
  readonly cleanupPolicy: CleanupPolicy;
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  readonly envelope: typeof DeadLetterSchema;
}

const PARTITIONS = 12;
const REPLICATION_FACTOR = 3;
const MIN_INSYNC_REPLICAS = 2;
const DEAD_LETTER_RETENTION_MS = 30 * DAY_MS;

export function deadLetterTopicName(topic: string): string {
  return `${topic}.dlq`;
}

function defineTopic<Envelope extends DescMessage>(spec: {
  name: string;
  keyField: string;
  retentionDays: number;
  envelope: Envelope;
}): TopicDefinition<Envelope> {
  const shared = {
    keyField: spec.keyField,
    partitions: PARTITIONS,
    cleanupPolicy: 'delete' as const,
    replicationFactor: REPLICATION_FACTOR,
    minInsyncReplicas: MIN_INSYNC_REPLICAS,
  };
  return {
    ...shared,
    name: spec.name,
    retentionMs: spec.retentionDays * DAY_MS,
    envelope: spec.envelope,
    dlq: {
      ...shared,
      name: deadLetterTopicName(spec.name),
      retentionMs: DEAD_LETTER_RETENTION_MS,
      envelope: DeadLetterSchema,
    },
  };
}

/** The topic catalog (SPEC §6): the single source of topic names, keys and settings. */
export const TOPICS = {
  escrowCommands: defineTopic({
    name: 'escrow.commands.v1',
    keyField: 'escrow_id',
    retentionDays: 7,
    envelope: EscrowCommandEnvelopeSchema,
  }),
  escrowEvents: defineTopic({
    name: 'escrow.events.v1',
    keyField: 'escrow_id',
    retentionDays: 90,
    envelope: EscrowEventEnvelopeSchema,
  }),
  paymentCommands: defineTopic({
    name: 'payments.commands.v1',
    keyField: 'escrow_id',
    retentionDays: 7,
    envelope: PaymentCommandEnvelopeSchema,
  }),
  paymentEvents: defineTopic({
    name: 'payments.events.v1',
    keyField: 'escrow_id',
    retentionDays: 90,
    envelope: PaymentEventEnvelopeSchema,
  }),
  webhookEvents: defineTopic({
    name: 'webhook.events.v1',
    keyField: 'provider_payment_id',
    retentionDays: 90,
    envelope: WebhookEventEnvelopeSchema,
  }),
  contractEvents: defineTopic({
    name: 'contracts.events.v1',
    keyField: 'contract_id',
    retentionDays: 90,
    envelope: ContractEventEnvelopeSchema,
  }),
  marketplaceEvents: defineTopic({
    name: 'marketplace.events.v1',
    keyField: 'listing_id',
    retentionDays: 90,
    envelope: MarketplaceEventEnvelopeSchema,
  }),
} as const;

export type TopicKey = keyof typeof TOPICS;

/** Every topic and its dead-letter twin, for provisioning and operator tools. */
export function allTopicDefinitions(): Array<TopicDefinition | DeadLetterTopicDefinition> {
  return Object.values(TOPICS).flatMap((topic) => [topic, topic.dlq]);
}

export function findTopic(name: string): TopicDefinition | undefined {
  return Object.values(TOPICS).find((topic) => topic.name === name);
}
