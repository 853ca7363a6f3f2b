import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  interactionKeyOf,
  isGenuineInteraction,
  REPLAY_WINDOW_SECONDS,
} from './verify-interaction.ts';

const pair = generateKeyPairSync('ed25519');
const hex = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString(
  'hex',
);
const key = interactionKeyOf(hex);
const body = Buffer.from('{"type":1}');
const now = 1_800_000_000;
const signed = (timestamp: string, payload = body, privateKey = pair.privateKey) =>
  sign(null, Buffer.concat([Buffer.from(timestamp), payload]), privateKey).toString('hex');

describe('the interaction signature check', () => {
  it('accepts what the application key signed over timestamp + raw body', () => {
    const timestamp = String(now);
    expect(isGenuineInteraction(key, { signature: signed(timestamp), timestamp }, body, now)).toBe(
      true,
    );
  });

  it('refuses another key, a changed body, a moved timestamp, and garbage', () => {
    const timestamp = String(now);
    const other = generateKeyPairSync('ed25519').privateKey;
    expect(
      isGenuineInteraction(
        key,
        { signature: signed(timestamp, body, other), timestamp },
        body,
        now,
      ),
    ).toBe(false);
    expect(
      isGenuineInteraction(
        key,
        { signature: signed(timestamp), timestamp },
        Buffer.from('{"type":2}'),
        now,
      ),
    ).toBe(false);
    expect(
      isGenuineInteraction(
        key,
        { signature: signed(timestamp), timestamp: String(now + 1) },
        body,
        now,
      ),
    ).toBe(false);
    expect(isGenuineInteraction(key, { signature: 'zz', timestamp }, body, now)).toBe(false);
    expect(isGenuineInteraction(key, { signature: undefined, timestamp }, body, now)).toBe(false);
  });

  it('refuses a genuine signature outside the replay window', () => {
    const old = String(now - REPLAY_WINDOW_SECONDS - 1);
    expect(isGenuineInteraction(key, { signature: signed(old), timestamp: old }, body, now)).toBe(
      false,
    );
  });
});
