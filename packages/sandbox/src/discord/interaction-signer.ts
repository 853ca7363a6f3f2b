import type { KeyObject } from 'node:crypto';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';

/**
 * The Ed25519 key the double signs interactions with, as Discord signs them with the
 * application's key: `X-Signature-Ed25519` = hex(sign(timestamp + raw body)), with
 * `X-Signature-Timestamp` in Unix seconds. The public key is given out as Discord's developer
 * portal shows it: 64 hex characters.
 */
export class InteractionSigner {
  readonly #privateKey: KeyObject;
  readonly publicKeyHex: string;
  /** PKCS#8 DER, base64: what a sandbox keeps so that the key survives restarts. */
  readonly privateKeyBase64: string;

  constructor(privateKeyBase64?: string) {
    this.#privateKey =
      privateKeyBase64 === undefined
        ? generateKeyPairSync('ed25519').privateKey
        : createPrivateKey({
            key: Buffer.from(privateKeyBase64, 'base64'),
            format: 'der',
            type: 'pkcs8',
          });
    this.privateKeyBase64 = this.#privateKey
      .export({ format: 'der', type: 'pkcs8' })
      .toString('base64');
    const jwk = createPublicKey(this.#privateKey).export({ format: 'jwk' });
    this.publicKeyHex = Buffer.from(jwk.x ?? '', 'base64url').toString('hex');
  }

  /** The two headers Discord sends with an interaction body signed at `timestampSeconds`. */
  headersFor(body: string, timestampSeconds: number): Record<string, string> {
    const timestamp = String(timestampSeconds);
    const signature = sign(null, Buffer.from(timestamp + body), this.#privateKey).toString('hex');
    return { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp };
  }
}
