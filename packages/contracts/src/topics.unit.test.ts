import { describe, expect, it } from 'vitest';
import { EventMetaSchema } from './gen/bloxtr8/common/v1/meta_pb.js';
import { allTopicDefinitions, findTopic, TOPICS } from './topics.ts';

const DAY_MS = 86_400_000;

describe('topic catalog', () => {
  it('names every topic {domain}.{type}.v{n} and its dead-letter twin <topic>.dlq', () => {
    for (const topic of Object.values(TOPICS)) {
      expect(topic.name).toMatch(/^[a-z]+\.(commands|events)\.v[0-9]+$/);
      expect(topic.dlq.name).toBe(`${topic.name}.dlq`);
    }
  });

  it('keeps commands 7 days, events 90 days and dead letters 30 days, all time-retained', () => {
    for (const topic of Object.values(TOPICS)) {
      const expectedDays = topic.name.includes('.commands.') ? 7 : 90;
      expect(topic.retentionMs).toBe(expectedDays * DAY_MS);
      expect(topic.dlq.retentionMs).toBe(30 * DAY_MS);
    }
    for (const definition of allTopicDefinitions()) {
      expect(definition.cleanupPolicy).toBe('delete');
    }
  });

  it('gives every topic 12 partitions, replication 3 and min.insync.replicas 2 in production', () => {
    for (const definition of allTopicDefinitions()) {
      expect(definition.partitions).toBe(12);
      expect(definition.replicationFactor).toBe(3);
      expect(definition.minInsyncReplicas).toBe(2);
    }
  });

  it('keys each topic as SPEC §6 says', () => {
    expect(TOPICS.escrowCommands.keyField).toBe('escrow_id');
    expect(TOPICS.escrowEvents.keyField).toBe('escrow_id');
    expect(TOPICS.paymentCommands.keyField).toBe('escrow_id');
    expect(TOPICS.paymentEvents.keyField).toBe('escrow_id');
    expect(TOPICS.webhookEvents.keyField).toBe('provider_payment_id');
    expect(TOPICS.contractEvents.keyField).toBe('contract_id');
  });

  it('puts meta as field 1 and the topic key in every message every envelope can carry', () => {
    for (const topic of Object.values(TOPICS)) {
      const [oneof] = topic.envelope.oneofs;
      expect(topic.envelope.oneofs).toHaveLength(1);
      for (const choice of oneof?.fields ?? []) {
        const message = choice.fieldKind === 'message' ? choice.message : undefined;
        const meta = message?.fields.find((field) => field.number === 1);
        expect(meta?.name, `${topic.name} ${choice.name}`).toBe('meta');
        expect(meta?.fieldKind === 'message' && meta.message.typeName).toBe(
          EventMetaSchema.typeName,
        );
        expect(
          message?.fields.some((field) => field.name === topic.keyField),
          `${choice.name} has ${topic.keyField}`,
        ).toBe(true);
      }
    }
  });

  it('carries no personal data fields in any message', () => {
    const personal =
      /(^|_)(email|phone|first_name|last_name|full_name|street|postal|username)(_|$)/;
    for (const topic of Object.values(TOPICS)) {
      for (const choice of topic.envelope.oneofs[0]?.fields ?? []) {
        if (choice.fieldKind !== 'message') continue;
        for (const field of choice.message.fields) {
          expect(field.name, `${choice.message.typeName}.${field.name}`).not.toMatch(personal);
        }
      }
    }
  });

  it('finds a topic by name and nothing for an unknown name', () => {
    expect(findTopic('escrow.events.v1')).toBe(TOPICS.escrowEvents);
    expect(findTopic('escrow.events.v9')).toBeUndefined();
  });
});
