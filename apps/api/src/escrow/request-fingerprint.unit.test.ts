import { describe, expect, it } from 'vitest';
import { requestFingerprint } from './request-fingerprint.ts';

const ESCROW = '0e7d3f0c-6f7a-4f34-9e57-7a7f3f2a1b10';

describe('request fingerprint', () => {
  it('does not depend on the order of the body keys', () => {
    expect(requestFingerprint('dispute', ESCROW, { reason: 'OTHER', detail: 'x' })).toBe(
      requestFingerprint('dispute', ESCROW, { detail: 'x', reason: 'OTHER' }),
    );
  });

  it('tells apart another action, escrow or body', () => {
    const base = requestFingerprint('dispute', ESCROW, { reason: 'OTHER', detail: 'x' });
    expect(requestFingerprint('release', ESCROW, {})).not.toBe(
      requestFingerprint('cancel', ESCROW, {}),
    );
    expect(
      requestFingerprint('dispute', ESCROW.replace('0e7d', '1e7d'), {
        reason: 'OTHER',
        detail: 'x',
      }),
    ).not.toBe(base);
    expect(requestFingerprint('dispute', ESCROW, { reason: 'OTHER', detail: 'y' })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});
