/** Library error codes that no resend can fix: a bad request, a refused login, a closed client. */
const PERMANENT_CODES = new Set(['PLT_KFK_USER', 'PLT_KFK_AUTHENTICATION', 'PLT_KFK_UNSUPPORTED']);

interface LibraryError {
  readonly code?: unknown;
  readonly canRetry?: unknown;
  readonly errors?: unknown;
  readonly cause?: unknown;
}

/** Every error in a library error's chain: its nested `errors` and its `cause`, depth first. */
function* errorChain(error: unknown, depth = 0): Generator<LibraryError> {
  if (typeof error !== 'object' || error === null || depth > 10) return;
  const current = error as LibraryError;
  yield current;
  if (Array.isArray(current.errors)) {
    for (const nested of current.errors) yield* errorChain(nested, depth + 1);
  }
  yield* errorChain(current.cause, depth + 1);
}

/**
 * Whether sending the same batch again could succeed: not when the broker refused it for good
 * (a record too large, a missing permission) or the client itself was the problem. Network
 * failures, timeouts and leadership changes are worth another send.
 */
export function isPermanentProduceError(error: unknown): boolean {
  for (const link of errorChain(error)) {
    if (typeof link.code === 'string' && PERMANENT_CODES.has(link.code)) return true;
    if (link.code === 'PLT_KFK_PROTOCOL' && link.canRetry === false) return true;
  }
  return false;
}
