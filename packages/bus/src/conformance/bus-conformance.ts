import { DeadLetterSchema, ErrorKind, EscrowCommandEnvelopeSchema } from '@bloxtr8/contracts';
import { createLogger } from '@bloxtr8/platform';
import { fromBinary } from '@bufbuild/protobuf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsumerRuntimeOptions, EnvelopeHandler } from '../consumer-runtime.ts';
import { createEnvelopeHandler, startConsumer } from '../consumer-runtime.ts';
import { getDeadLetter, listDeadLetters, replayDeadLetter } from '../dead-letters.ts';
import { PermanentError } from '../handler-errors.ts';
import type { Consumer, IncomingMessage, MessageBus, TopicPartition } from '../message-bus.ts';
import { appendToOutbox } from '../outbox.ts';
import { startOutboxRelay } from '../outbox-relay.ts';
import type { BusUnderTest } from './bus-under-test.ts';
import { uniqueTopicName, waitFor } from './bus-under-test.ts';
import { prepareSuiteSchema, SUITE_SCHEMA, testCommand, testTopic } from './test-messages.ts';

const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const FAST_RETRY = { initialMs: 20, maxMs: 100, maxAttempts: 4 };
const DAY_MS = 86_400_000;

const tpKey = (tp: TopicPartition) => `${tp.topic}:${tp.partition}`;
/** The sequence number a test command carries in its note. */
const seqOf = (message: IncomingMessage) => {
  const { command } = fromBinary(EscrowCommandEnvelopeSchema, message.value);
  return command.case === 'markDelivered' ? Number(command.value.note) : Number.NaN;
};

/**
 * The one suite every bus adapter must pass (ARCHITECTURE.md: ordering per key, redelivery after a
 * crash before commit, consumer-group sharing, DLQ routing, headers), plus the consumer runtime and
 * the outbox relay on top of each adapter.
 */
export function describeBusConformance(adapter: string, open: () => Promise<BusUnderTest>): void {
  describe(`message bus conformance: ${adapter}`, () => {
    let sut: BusUnderTest;
    const cleanups: Array<() => Promise<void>> = [];

    beforeAll(async () => {
      sut = await open();
      await prepareSuiteSchema(sut.db);
    }, 120_000);
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
      await sut?.close();
    }, 60_000);

    async function freshTopic(partitions = 12): Promise<ReturnType<typeof testTopic>> {
      const topic = testTopic(uniqueTopicName());
      await sut.createTopics([
        { name: topic.name, partitions, retentionMs: 7 * DAY_MS },
        { name: topic.dlq.name, partitions, retentionMs: 30 * DAY_MS },
      ]);
      return topic;
    }

    function track(consumer: Consumer): Consumer {
      cleanups.push(() => consumer.stop());
      return consumer;
    }

    async function effectsOf(topic: string): Promise<Array<{ message_key: string; seq: number }>> {
      const { rows } = await sut.db.query<{ message_key: string; seq: number }>(
        `select message_key, seq from ${SUITE_SCHEMA}.effects where topic = $1 order by handled_at`,
        [topic],
      );
      return rows;
    }

    const recordEffect: EnvelopeHandler<ReturnType<typeof testTopic>> = async (
      message,
      { tx, incoming },
    ) => {
      const note =
        message.envelope.command.case === 'markDelivered'
          ? message.envelope.command.value.note
          : '';
      await tx.query(
        `insert into ${SUITE_SCHEMA}.effects (event_id, topic, message_key, seq) values ($1, $2, $3, $4)`,
        [message.meta.eventId, incoming.topic, message.key, Number(note)],
      );
    };

    function runtimeOptions(
      topic: ReturnType<typeof testTopic>,
      handle: EnvelopeHandler<ReturnType<typeof testTopic>> = recordEffect,
      groupId = `group-${topic.name}`,
    ): ConsumerRuntimeOptions<ReturnType<typeof testTopic>> {
      return { groupId, topic, inboxSchema: SUITE_SCHEMA, handle, retry: FAST_RETRY };
    }

    it('keeps every key in order while publishers run concurrently', async () => {
      const topic = await freshTopic();
      const received = new Map<string, number[]>();
      track(
        await sut.bus.subscribe({
          groupId: `order-${topic.name}`,
          topics: [topic.name],
          handler: async (message) => {
            received.set(message.key, [...(received.get(message.key) ?? []), seqOf(message)]);
          },
        }),
      );
      const keys = Array.from({ length: 16 }, (_, i) => `key-${i}`);
      const perKey = 40;
      await Promise.all(
        keys.map(async (key) => {
          for (let seq = 0; seq < perKey; seq += 4) {
            await sut.bus.publish([0, 1, 2, 3].map((i) => testCommand(topic.name, key, seq + i)));
          }
        }),
      );
      await waitFor('every message', () =>
        keys.every((key) => (received.get(key)?.length ?? 0) >= perKey),
      );
      for (const key of keys) {
        expect(received.get(key), key).toEqual(Array.from({ length: perKey }, (_, i) => i));
      }
    });

    it('hands a batch handler consecutive messages in order, and a rejected batch again from its start', async () => {
      const topic = await freshTopic(1);
      const batches: number[][] = [];
      let rejectedOnce = false;
      track(
        await sut.bus.subscribe({
          groupId: `batches-${topic.name}`,
          topics: [topic.name],
          handler: async () => {
            throw new Error('the batch handler should be used');
          },
          maxBatchSize: 7,
          batchHandler: async (messages) => {
            batches.push(messages.map(seqOf));
            if (!rejectedOnce && messages.length > 1) {
              rejectedOnce = true;
              throw new Error('fails once');
            }
          },
        }),
      );
      await sut.bus.publish(
        Array.from({ length: 30 }, (_, seq) => testCommand(topic.name, 'k', seq)),
      );
      await waitFor('every message after the redelivery', () => {
        const accepted = batches.slice(1).flat();
        return accepted.includes(29);
      });
      expect(batches.every((batch) => batch.length >= 1 && batch.length <= 7)).toBe(true);
      const [rejected, redelivered] = batches;
      expect(redelivered?.[0]).toBe(rejected?.[0]);
      // After the redelivery every message comes exactly once, in order.
      expect(batches.slice(1).flat()).toEqual(
        Array.from({ length: 30 - (rejected?.[0] ?? 0) }, (_, i) => i + (rejected?.[0] ?? 0)),
      );
    });

    it('delivers headers exactly as they were published', async () => {
      const topic = await freshTopic(3);
      const seen: IncomingMessage[] = [];
      track(
        await sut.bus.subscribe({
          groupId: `headers-${topic.name}`,
          topics: [topic.name],
          handler: async (message) => {
            seen.push(message);
          },
        }),
      );
      const message = testCommand(topic.name, 'k', 1);
      const headers = { ...message.headers, 'x-custom': 'ünïcode ✓' };
      await sut.bus.publish([{ ...message, headers }]);
      await waitFor('the message', () => seen.length === 1);
      expect(seen[0]?.headers).toEqual(headers);
      expect(seen[0]?.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(seen[0]?.key).toBe('k');
      expect([...(seen[0]?.value ?? [])]).toEqual([...message.value]);
    });

    it('redelivers what a killed consumer handled but did not commit; the inbox makes it harmless', async () => {
      const topic = await freshTopic(1);
      const options = runtimeOptions(topic);
      const deliveries: string[] = [];
      const runtimeHandler = createEnvelopeHandler({ db: sut.db, bus: sut.bus, logger }, options, {
        stopping: new AbortController().signal,
      });
      let victim: Consumer | undefined;
      const subscribe = (bus: MessageBus, killAfterFirst: boolean) =>
        bus.subscribe({
          groupId: options.groupId,
          topics: [topic.name],
          handler: async (message) => {
            deliveries.push(message.offset.toString());
            await runtimeHandler(message);
            // Crash right after the effect committed, before the bus commits the offset.
            if (killAfterFirst && victim !== undefined) await victim.kill();
          },
        });
      await sut.bus.publish([testCommand(topic.name, 'k', 0)]);
      victim = await subscribe(sut.bus, true);
      await waitFor('the first delivery', () => deliveries.length === 1);
      await waitFor('the effect', async () => (await effectsOf(topic.name)).length === 1);

      const other = await sut.openAnother();
      cleanups.push(() => other.close());
      track(await subscribe(other, false));
      await sut.bus.publish([testCommand(topic.name, 'k', 1)]);
      await waitFor('the redelivery and the next message', () => deliveries.length >= 3, 60_000);
      expect(deliveries.slice(0, 3)).toEqual(['0', '0', '1']);
      // A delivery is recorded when its handler starts; its effect commits a moment later.
      await waitFor('the effects', async () => (await effectsOf(topic.name)).length >= 2);
      expect(await effectsOf(topic.name)).toEqual([
        { message_key: 'k', seq: 0 },
        { message_key: 'k', seq: 1 },
      ]);
    });

    it('splits partitions between two members of a group and hands all back when one leaves', async () => {
      const topic = await freshTopic(12);
      const groupId = `group-share-${topic.name}`;
      // Who handled each message, by its sequence number: the first batch is 0–119, the second 1000–1119.
      const handledBy = new Map<number, string>();
      const handler = (member: string) => async (message: IncomingMessage) => {
        handledBy.set(seqOf(message), member);
      };
      const first = track(
        await sut.bus.subscribe({ groupId, topics: [topic.name], handler: handler('first') }),
      );
      await waitFor(
        'the first member to own everything',
        () => first.assignments().length === 12,
        60_000,
      );

      const otherBus = await sut.openAnother();
      cleanups.push(() => otherBus.close());
      const second = await otherBus.subscribe({
        groupId,
        topics: [topic.name],
        handler: handler('second'),
      });
      await waitFor(
        'a fair, disjoint split',
        () => {
          const a = first.assignments().map(tpKey);
          const b = second.assignments().map(tpKey);
          return a.length === 6 && b.length === 6 && new Set([...a, ...b]).size === 12;
        },
        60_000,
      );
      const keys = Array.from({ length: 120 }, (_, i) => `share-${i}`);
      await sut.bus.publish(keys.map((key, i) => testCommand(topic.name, key, i)));
      await waitFor('all 120 messages', () => handledBy.size === 120, 60_000);
      const members = new Set(handledBy.values());
      expect(members).toEqual(new Set(['first', 'second']));

      await second.stop();
      await waitFor(
        'the first member to take everything back',
        () => first.assignments().length === 12,
        60_000,
      );
      await sut.bus.publish(keys.map((key, i) => testCommand(topic.name, key, 1000 + i)));
      await waitFor('the next 120 messages', () => handledBy.size === 240, 60_000);
      // A member that left handles nothing more: the whole second batch went to the first.
      const secondBatch = [...handledBy.entries()].filter(([seq]) => seq >= 1000);
      expect(secondBatch).toHaveLength(120);
      expect(new Set(secondBatch.map(([, member]) => member))).toEqual(new Set(['first']));
    });

    it('sends undecodable and permanently failing messages to the DLQ with their metadata, and keeps going', async () => {
      const topic = await freshTopic(1);
      const poisonSeq = 2;
      track(
        await startConsumer(
          { db: sut.db, bus: sut.bus, logger },
          runtimeOptions(topic, async (message, context) => {
            const note =
              message.envelope.command.case === 'markDelivered'
                ? message.envelope.command.value.note
                : '';
            if (Number(note) === poisonSeq)
              throw new PermanentError('AMOUNT_MISMATCH', 'amount does not match');
            await recordEffect(message, context);
          }),
        ),
      );
      const deadLetters: IncomingMessage[] = [];
      track(
        await sut.bus.subscribe({
          groupId: `dlq-reader-${topic.name}`,
          topics: [topic.dlq.name],
          handler: async (message) => {
            deadLetters.push(message);
          },
        }),
      );
      const garbage = {
        topic: topic.name,
        key: 'k',
        value: new Uint8Array([0xff, 0xff, 0xff]),
        headers: {},
      };
      await sut.bus.publish([
        testCommand(topic.name, 'k', 0),
        garbage,
        testCommand(topic.name, 'k', 1),
        testCommand(topic.name, 'k', poisonSeq),
        testCommand(topic.name, 'k', 3),
      ]);
      await waitFor('the good messages', async () => (await effectsOf(topic.name)).length === 3);
      expect((await effectsOf(topic.name)).map((effect) => effect.seq)).toEqual([0, 1, 3]);

      await waitFor('two dead letters on the DLQ topic', () => deadLetters.length === 2);
      const records = deadLetters.map((message) => fromBinary(DeadLetterSchema, message.value));
      expect(
        records.map((r) => [r.originTopic, r.originPartition, r.originOffset, r.errorKind]),
      ).toEqual([
        [topic.name, 0, 1n, ErrorKind.UNDECODABLE],
        [topic.name, 0, 3n, ErrorKind.PERMANENT],
      ]);
      expect(records[1]).toMatchObject({
        errorType: 'AMOUNT_MISMATCH',
        errorMessage: 'amount does not match',
        retryCount: 0,
        consumerGroup: `group-${topic.name}`,
      });
      expect(records[1]?.meta?.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect([...(records[0]?.value ?? [])]).toEqual([0xff, 0xff, 0xff]);

      const indexed = await listDeadLetters(sut.db, { topic: topic.name });
      expect(indexed.map((letter) => [letter.originOffset, letter.errorKind])).toEqual([
        [1n, 'UNDECODABLE'],
        [3n, 'PERMANENT'],
      ]);
    });

    it('retries transient failures with backoff, and dead-letters them once retries run out', async () => {
      const topic = await freshTopic(1);
      const attempts = new Map<number, number>();
      track(
        await startConsumer(
          { db: sut.db, bus: sut.bus, logger },
          runtimeOptions(topic, async (message, context) => {
            const note =
              message.envelope.command.case === 'markDelivered'
                ? message.envelope.command.value.note
                : '';
            const seq = Number(note);
            attempts.set(seq, (attempts.get(seq) ?? 0) + 1);
            if (seq === 0 && (attempts.get(seq) ?? 0) < 3)
              throw new Error('database briefly unavailable');
            if (seq === 1) throw new Error('provider down');
            await recordEffect(message, context);
          }),
        ),
      );
      await sut.bus.publish([0, 1, 2].map((seq) => testCommand(topic.name, 'k', seq)));
      await waitFor(
        'the messages after the failures',
        async () => (await effectsOf(topic.name)).length === 2,
      );
      expect((await effectsOf(topic.name)).map((effect) => effect.seq)).toEqual([0, 2]);
      expect(attempts.get(0)).toBe(3);
      expect(attempts.get(1)).toBe(FAST_RETRY.maxAttempts);
      const [letter] = await listDeadLetters(sut.db, { topic: topic.name });
      expect(letter).toMatchObject({
        errorKind: 'RETRIES_EXHAUSTED',
        errorMessage: 'provider down',
        retryCount: 3,
      });
    });

    it('waits out a database outage however long it lasts, and dead-letters nothing for it', async () => {
      const topic = await freshTopic(1);
      let failures = 0;
      track(
        await startConsumer(
          { db: sut.db, bus: sut.bus, logger },
          runtimeOptions(topic, async (message, context) => {
            // More failures than the retry budget: PostgreSQL restarting, then terminating us.
            if (failures < FAST_RETRY.maxAttempts + 2) {
              failures += 1;
              throw failures % 2 === 0
                ? Object.assign(new Error('the database system is starting up'), { code: '57P03' })
                : new Error('Connection terminated unexpectedly');
            }
            await recordEffect(message, context);
          }),
        ),
      );
      await sut.bus.publish([testCommand(topic.name, 'k', 0)]);
      await waitFor(
        'the message after the outage',
        async () => (await effectsOf(topic.name)).length === 1,
      );
      expect(failures).toBe(FAST_RETRY.maxAttempts + 2);
      expect(await listDeadLetters(sut.db, { topic: topic.name })).toEqual([]);
    });

    it('replays a dead letter to its topic, where the fixed consumer handles it', async () => {
      const topic = await freshTopic(1);
      let broken = true;
      track(
        await startConsumer(
          { db: sut.db, bus: sut.bus, logger },
          runtimeOptions(topic, async (message, context) => {
            if (broken) throw new PermanentError('BUG', 'a bug, since fixed');
            await recordEffect(message, context);
          }),
        ),
      );
      await sut.bus.publish([testCommand(topic.name, 'k', 7)]);
      await waitFor(
        'the dead letter',
        async () => (await listDeadLetters(sut.db, { topic: topic.name })).length === 1,
      );
      expect(await effectsOf(topic.name)).toEqual([]);

      broken = false;
      const [letter] = await listDeadLetters(sut.db, { topic: topic.name });
      const replayed = await replayDeadLetter(sut.db, sut.bus, letter?.id ?? '');
      expect(replayed?.replayCount).toBe(1);
      await waitFor('the replayed message', async () => (await effectsOf(topic.name)).length === 1);
      expect(await effectsOf(topic.name)).toEqual([{ message_key: 'k', seq: 7 }]);
      expect(await listDeadLetters(sut.db, { topic: topic.name })).toEqual([]);
      expect((await getDeadLetter(sut.db, letter?.id ?? ''))?.replayedAt).toBeInstanceOf(Date);
    });

    it('relays an outbox in order, and two relays at once neither lose nor reorder a key', async () => {
      const topic = await freshTopic(4);
      const received = new Map<string, number[]>();
      track(
        await sut.bus.subscribe({
          groupId: `relay-${topic.name}`,
          topics: [topic.name],
          handler: async (message) => {
            received.set(message.key, [...(received.get(message.key) ?? []), seqOf(message)]);
          },
        }),
      );
      const relays = await Promise.all(
        [0, 1].map(() =>
          startOutboxRelay(sut.db, sut.bus, logger, { schema: 'escrow', batchSize: 7 }),
        ),
      );
      cleanups.push(async () => {
        for (const relay of relays) await relay.stop();
      });
      const keys = ['a', 'b', 'c', 'd', 'e'];
      const perKey = 30;
      for (let seq = 0; seq < perKey; seq += 1) {
        await sut.db.transaction(async (tx) => {
          for (const key of keys) {
            const message = testCommand(topic.name, key, seq);
            await appendToOutbox(tx, 'escrow', topic, fromBinary(topic.envelope, message.value));
          }
        });
      }
      await waitFor(
        'every relayed message',
        () => keys.every((key) => (received.get(key)?.length ?? 0) >= perKey),
        60_000,
      );
      for (const key of keys) {
        expect(received.get(key), key).toEqual(Array.from({ length: perKey }, (_, i) => i));
      }
      // A relay marks a batch published once the broker acknowledged it, which may be a moment
      // after a consumer already received it.
      const pending = async () => {
        const { rows } = await sut.db.query<{ pending: bigint }>(
          `select count(*) as pending from escrow.outbox where topic = $1 and published_at is null`,
          [topic.name],
        );
        return rows[0]?.pending;
      };
      await waitFor('every outbox row marked published', async () => (await pending()) === 0n);
    });
  });
}
