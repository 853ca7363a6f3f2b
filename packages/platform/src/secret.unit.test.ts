import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret } from './secret.ts';

describe('Secret', () => {
  it('shows [redacted] however it is printed, and the value only when revealed', () => {
    const secret = new Secret('sk_test_abc');
    expect(String(secret)).toBe('[redacted]');
    expect(JSON.stringify({ key: secret })).toBe('{"key":"[redacted]"}');
    expect(inspect({ key: secret })).not.toContain('sk_test_abc');
    expect(secret.reveal()).toBe('sk_test_abc');
  });
});
