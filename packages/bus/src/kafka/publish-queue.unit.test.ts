import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../message-bus.ts';
import { approximateBytes, PublishQueue } from './publish-queue.ts';

const message = (key: string, seq: number, size = 10): OutgoingMessage => ({
  topic: 't',
  key,
  value: new Uint8Array(size).fill(seq % 256),
  headers: { seq: String(seq) },
});

const seqs = (messages: readonly OutgoingMessage[]) => messages.map((m) => Number(m.headers.seq));

/** A broker stand-in: records each send, answers when the test says so. */
function controlledSend() {
  const sends: OutgoingMessage[][] = [];
  const answers: Array<(error?: Error) => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const send = (messages: readonly OutgoingMessage[]) =>
    new Promise<void>((resolve, reject) => {
      sends.push([...messages]);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      answers.push((error) => {
        inFlight -= 1;
        if (error === undefined) resolve();
        else reject(error);
      });
    });
  return {
    send,
    sends,
    maxInFlight: () => maxInFlight,
    async answer(error?: Error) {
      await new Promise((resolve) => setImmediate(resolve));
      const next = answers.shift();
      if (next === undefined) throw new Error('no send is waiting for an answer');
      next(error);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('PublishQueue', () => {
  it('sends one batch at a time and folds the publishes that queued meanwhile into the next', async () => {
    const broker = controlledSend();
    const queue = new PublishQueue(broker.send);
    const first = queue.publish([message('a', 0)]);
    const second = queue.publish([message('a', 1), message('b', 2)]);
    const third = queue.publish([message('a', 3)]);
    await broker.answer();
    await first;
    await broker.answer();
    await Promise.all([second, third]);
    expect(broker.sends.map(seqs)).toEqual([[0], [1, 2, 3]]);
    expect(broker.maxInFlight()).toBe(1);
  });

  it('resolves an empty publish without sending anything', async () => {
    const broker = controlledSend();
    await new PublishQueue(broker.send).publish([]);
    expect(broker.sends).toEqual([]);
  });

  it('splits a call larger than one send into consecutive sends, in order', async () => {
    const broker = controlledSend();
    const size = approximateBytes(message('k', 0, 100));
    const queue = new PublishQueue(broker.send, { maxBatchBytes: size * 2, maxBatchMessages: 100 });
    const published = queue.publish([0, 1, 2, 3, 4].map((seq) => message('k', seq, 100)));
    for (let i = 0; i < 3; i += 1) await broker.answer();
    await published;
    expect(broker.sends.map(seqs)).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('stops sending the rest of a call when one part fails, and keeps serving other calls', async () => {
    const broker = controlledSend();
    const queue = new PublishQueue(broker.send, { maxBatchBytes: 10_000, maxBatchMessages: 2 });
    const doomed = queue.publish([0, 1, 2, 3].map((seq) => message('k', seq)));
    const rejected = expect(doomed).rejects.toThrow('broker down');
    await broker.answer(new Error('broker down'));
    await rejected;
    const next = queue.publish([message('k', 9)]);
    await broker.answer();
    await next;
    // The second half of the failed call never reached the broker: a retry cannot reorder a key.
    expect(broker.sends.map(seqs)).toEqual([[0, 1], [9]]);
  });

  it('rejects every call folded into a failed send', async () => {
    const broker = controlledSend();
    const queue = new PublishQueue(broker.send);
    const first = queue.publish([message('a', 0)]);
    const second = queue.publish([message('b', 1)]);
    const third = queue.publish([message('c', 2)]);
    await broker.answer();
    await first;
    const failures = Promise.allSettled([second, third]);
    await broker.answer(new Error('not enough replicas'));
    expect((await failures).map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });

  it('refuses publishes after close, once what was queued has gone out', async () => {
    const broker = controlledSend();
    const queue = new PublishQueue(broker.send);
    const queued = queue.publish([message('a', 0)]);
    const closed = queue.close();
    await expect(queue.publish([message('a', 1)])).rejects.toThrow(/closed/);
    await broker.answer();
    await Promise.all([queued, closed]);
    expect(broker.sends.map(seqs)).toEqual([[0]]);
  });
});
