/**
 * A failure that no retry can fix (a bug, a message that breaks a rule the sender should have
 * kept). The consumer runtime sends the message to the DLQ at once instead of retrying.
 */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';
  /** A stable code for the dead letter's error type, e.g. AMOUNT_MISMATCH. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/**
 * SQLSTATE classes that mean the data, not the moment, is wrong: retrying cannot succeed.
 * 22 = data exception; 23502 not-null, 23514 check violation. Other errors (connection loss,
 * serialization failure, deadlock, unique races) are transient and retried.
 */
const PERMANENT_SQLSTATES = [/^22/, /^23502$/, /^23514$/];

export function isPermanent(error: unknown): boolean {
  if (error instanceof PermanentError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)
    ? PERMANENT_SQLSTATES.some((pattern) => pattern.test(code))
    : false;
}

/**
 * SQLSTATEs of an unreachable or restarting database: 08 = connection exception, 53300 too many
 * connections, 57P01–57P03 shutdown / crash / not accepting connections yet.
 */
const OUTAGE_SQLSTATES = [/^08/, /^53300$/, /^57P0[123]$/];
/** Socket failures on the way to the database (or any server a handler needs). */
const OUTAGE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

/**
 * Whether the failure is the database (or the network to it) being away rather than anything the
 * message did: a restart of PostgreSQL must pause a consumer, never dead-letter what it was
 * handling. node-postgres reports a connection that dies mid-query without a code, by message.
 */
export function isOutage(error: unknown): boolean {
  if (error instanceof Error && error.name === 'DatabaseUnavailableError') return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (OUTAGE_SOCKET_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) return OUTAGE_SQLSTATES.some((pattern) => pattern.test(code));
  }
  return error instanceof Error && /^Connection terminated/.test(error.message);
}

/** The error's type as a dead letter records it: a stable code where there is one. */
export function errorTypeOf(error: unknown): string {
  if (error instanceof PermanentError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  return error instanceof Error ? error.name : typeof error;
}
