import { createHash, randomBytes } from 'node:crypto';

/** Session tokens and OAuth states carry 32 random bytes (256 bits): unguessable by any search. */
export const SECRET_TOKEN_BYTES = 32;

/** 32 bytes in base64url without padding are exactly 43 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface SecretToken {
  /** What the client holds (cookie, URL); never stored. */
  readonly token: string;
  /** SHA-256 of the token: what the database keeps, so a leaked table opens nothing. */
  readonly hash: Buffer;
}

export function newSecretToken(): SecretToken {
  const token = randomBytes(SECRET_TOKEN_BYTES).toString('base64url');
  return { token, hash: sha256(token) };
}

/**
 * The hash to look a presented token up by, or undefined when the text cannot be one of ours
 * (wrong length or alphabet): such input never reaches the database.
 */
export function hashSecretToken(token: string): Buffer | undefined {
  return TOKEN_SHAPE.test(token) ? sha256(token) : undefined;
}

function sha256(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
