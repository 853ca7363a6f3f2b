import { optionalText } from './text-fields.ts';

export const ZDatabaseUrl = optionalText.superRefine((value, context) => {
  if (value === undefined) return;
  const problem = describeDatabaseUrlProblem(value);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
});

/**
 * Says what is wrong with a PostgreSQL URL without repeating it: the URL may hold a password.
 * Returns undefined when the URL is usable.
 */
export function describeDatabaseUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL; expected postgres://user@host:5432/database';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    return `has scheme "${url.protocol.replace(/:$/, '')}"; expected postgres://user@host:5432/database`;
  }
  if (url.hostname === '') return 'names no host; expected postgres://user@host:5432/database';
  if (url.pathname.replace(/^\//, '') === '') {
    return 'names no database; expected postgres://user@host:5432/database';
  }
  return undefined;
}
