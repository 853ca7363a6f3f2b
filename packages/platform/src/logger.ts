import type { Logger as PinoLogger } from 'pino';
import { pino } from 'pino';

export type Logger = PinoLogger;

/**
 * Paths that may carry credentials or personal data; pino replaces their values before a line is
 * written, so a careless `log.info({ headers })` cannot leak a session cookie or a key.
 */
const REDACTED_PATHS = [
  'password',
  'token',
  'secret',
  'apiKey',
  'authorization',
  'cookie',
  'clientSecret',
  '*.password',
  '*.token',
  '*.secret',
  '*.apiKey',
  '*.clientSecret',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["stripe-signature"]',
  'req.headers.authorization',
  'req.headers.cookie',
];

export interface LoggerOptions {
  readonly level: string;
  readonly name?: string;
  /** Where lines go; standard output by default. Tests pass a stream to read them back. */
  readonly destination?: NodeJS.WritableStream;
}

/** Structured JSON logs, one object per line, with trace ids added by callers as bindings. */
export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    level: options.level,
    base: options.name === undefined ? {} : { service: options.name },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return options.destination === undefined
    ? pino(settings)
    : pino(settings, options.destination as pino.DestinationStream);
}
