import { describe, expect, it } from 'vitest';
import { startRepeating } from './repeating.ts';

describe('startRepeating', () => {
  it('runs a round at once, again after the interval, and keeps going after a failure', async () => {
    const failures: unknown[] = [];
    let rounds = 0;
    const repeating = startRepeating(
      5,
      async () => {
        rounds += 1;
        if (rounds === 2) throw new Error('round 2 failed');
      },
      (error) => failures.push(error),
    );
    expect(rounds).toBe(1);
    while (rounds < 4) await new Promise((resolve) => setTimeout(resolve, 5));
    await repeating.stop();
    expect(failures).toHaveLength(1);
  });

  it('lets the round in progress finish on stop, tells it, and starts no other', async () => {
    let rounds = 0;
    let sawStop = false;
    let release: () => void = () => {};
    const repeating = startRepeating(
      60_000,
      async (stopping) => {
        rounds += 1;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        sawStop = stopping.aborted;
      },
      () => {},
    );
    const stopped = repeating.stop();
    release();
    await stopped;
    expect({ rounds, sawStop }).toEqual({ rounds: 1, sawStop: true });
  });
});
