/** What the logs keep of an unexpected failure: its kind and where, never what it was about. */
export interface FailureSummary {
  /** The error's class, e.g. `DatabaseError` or `TypeError`. */
  readonly class: string;
  /** A stable code when the error has one: a SQLSTATE (`22P02`), a Node code (`ECONNREFUSED`)… */
  readonly code?: string;
  /** The stack's frames, without the message line(s) above them. */
  readonly frames: readonly string[];
  readonly cause?: FailureSummary;
}

/** Codes are identifiers; anything else in that field could be a value and is left out. */
const CODE = /^[A-Za-z0-9_.-]{1,64}$/;
const FRAMES_MAX = 12;
const CAUSE_DEPTH_MAX = 3;

/**
 * Error messages carry values: PostgreSQL quotes the offending input (`invalid input syntax for
 * type integer: "…"`) and the key of a unique violation, drivers echo parameters, and an HTTP
 * client may repeat a URL with a token. So an unexpected failure is logged by its class, its code
 * and its stack frames (with the request id the client was given) — enough to find the line and
 * the kind of fault, nothing a log reader should not see.
 */
export function describeFailure(error: unknown, depth = 0): FailureSummary {
  if (!(error instanceof Error)) return { class: typeof error, frames: [] };
  const code = (error as { code?: unknown }).code;
  const cause = error.cause;
  return {
    class: error.constructor.name || error.name,
    ...(typeof code === 'string' && CODE.test(code) ? { code } : {}),
    frames: framesOf(error.stack),
    ...(cause !== undefined && depth < CAUSE_DEPTH_MAX
      ? { cause: describeFailure(cause, depth + 1) }
      : {}),
  };
}

function framesOf(stack: string | undefined): string[] {
  return (stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, FRAMES_MAX)
    .map((line) => line.trim());
}
