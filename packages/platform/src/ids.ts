import { randomBytes } from 'node:crypto';
import { validate as isUuidString, v7 as uuidv7 } from 'uuid';

/**
 * A new unique id. UUIDv7 rather than v4: ids sort by creation time, which keeps B-tree inserts
 * local and makes logs and tables read in order.
 */
export function newId(): string {
  return uuidv7();
}

export function isUuid(value: string): boolean {
  return isUuidString(value);
}

/** A W3C trace id: 16 random bytes as 32 lowercase hex characters. */
export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}

/** A W3C span (parent) id: 8 random bytes as 16 lowercase hex characters. */
export function newSpanId(): string {
  return randomBytes(8).toString('hex');
}
