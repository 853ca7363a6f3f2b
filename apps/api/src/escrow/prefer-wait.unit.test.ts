import { describe, expect, it } from 'vitest';
import { MAX_WAIT_SECONDS, preferredWaitSeconds } from './prefer-wait.ts';

describe('Prefer: wait=N', () => {
  it('reads the seconds asked for, among other preferences', () => {
    expect(preferredWaitSeconds('wait=3')).toBe(3);
    expect(preferredWaitSeconds('respond-async, wait=2')).toBe(2);
    expect(preferredWaitSeconds('WAIT = "4"')).toBe(4);
    expect(preferredWaitSeconds(['return=minimal', 'wait=1'])).toBe(1);
  });

  it('caps a long wait', () => {
    expect(preferredWaitSeconds('wait=3600')).toBe(MAX_WAIT_SECONDS);
  });

  it('ignores headers that do not ask to wait, or ask nonsense', () => {
    expect(preferredWaitSeconds(undefined)).toBeNull();
    expect(preferredWaitSeconds('return=minimal')).toBeNull();
    expect(preferredWaitSeconds('wait=-1')).toBeNull();
    expect(preferredWaitSeconds('wait=soon')).toBeNull();
    expect(preferredWaitSeconds('await=5')).toBeNull();
  });
});
