import { describe, expect, it } from 'vitest';
import { Alarm } from './alarm.ts';

describe('Alarm', () => {
  it('cuts a sleep short when rung', async () => {
    const alarm = new Alarm();
    const started = Date.now();
    const sleeping = alarm.sleep(10_000);
    alarm.ring();
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('remembers a ring that came while nobody slept, once', async () => {
    const alarm = new Alarm();
    alarm.ring();
    await alarm.sleep(10_000);
    const started = Date.now();
    await alarm.sleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
