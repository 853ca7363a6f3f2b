import type { KeyObject } from 'node:crypto';
import { createPublicKey, verify } from 'node:crypto';

/**
 * How old (or how far ahead) `X-Signature-Timestamp` may be. Discord sends at once; a signed
 * request replayed later than this is refused even though its signature is genuine.
 */
export const REPLAY_WINDOW_SECONDS = 300;

/** The application's Ed25519 public key, from the 64 hex characters Discord shows. */
export function interactionKeyOf(publicKeyHex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(publicKeyHex)) throw new Error('not an Ed25519 public key');
  const x = Buffer.from(publicKeyHex, 'hex').toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

/**
 * Discord's scheme: `X-Signature-Ed25519` is the hex Ed25519 signature of
 * `X-Signature-Timestamp` + the raw body. Checked before anything reads the body, with the
 * timestamp within the replay window of `nowSeconds`.
 */
export function isGenuineInteraction(
  key: KeyObject,
  headers: { readonly signature: unknown; readonly timestamp: unknown },
  rawBody: Buffer,
  nowSeconds: number,
): boolean {
  const { signature, timestamp } = headers;
  if (typeof signature !== 'string' || !/^[0-9a-f]{128}$/i.test(signature)) return false;
  if (typeof timestamp !== 'string' || !/^[0-9]{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > REPLAY_WINDOW_SECONDS) return false;
  const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]);
  return verify(null, signed, key, Buffer.from(signature, 'hex'));
}
