import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashSecretToken, newSecretToken } from './secret-token.ts';

describe('secret tokens', () => {
  it('are 32 random bytes in base64url, stored only as their SHA-256', () => {
    const { token, hash } = newSecretToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hash).toEqual(createHash('sha256').update(token).digest());
    expect(hashSecretToken(token)).toEqual(hash);
  });

  it('never repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newSecretToken().token));
    expect(tokens.size).toBe(1000);
  });

  it('refuses to hash text that cannot be a token, so it never reaches the database', () => {
    const { token } = newSecretToken();
    for (const bad of [
      '',
      token.slice(1),
      `${token}A`,
      `${token.slice(1)}=`,
      `${token.slice(1)}+`,
    ]) {
      expect(hashSecretToken(bad)).toBeUndefined();
    }
  });
});
