import { createHash } from 'node:crypto';

/**
 * What a mutation asked for, as SHA-256 hex: the action, the escrow and the validated body with
 * its keys in a fixed order. The same key with the same fingerprint is the same request.
 */
export function requestFingerprint(
  action: string,
  escrowId: string,
  body: Readonly<Record<string, unknown>>,
): string {
  const canonical = JSON.stringify([
    action,
    escrowId,
    Object.keys(body)
      .sort()
      .map((key) => [key, body[key]]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
