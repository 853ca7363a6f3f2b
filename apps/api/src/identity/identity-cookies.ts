import type { CookieSerializeOptions } from '@fastify/cookie';

/**
 * Cookie names and attributes. Over https the names carry the `__Host-` prefix: the browser then
 * only accepts them Secure, from this host, for Path=/, so a sibling subdomain cannot plant a
 * session or an OAuth state (login CSRF). Plain http (local, sandbox) cannot use the prefix.
 */
export interface IdentityCookies {
  readonly session: string;
  readonly oauthState: string;
  readonly secure: boolean;
  sessionOptions(expiresAt: Date): CookieSerializeOptions;
  oauthStateOptions(maxAgeSeconds: number): CookieSerializeOptions;
  clearOptions(): CookieSerializeOptions;
}

export const SESSION_COOKIE = 'bloxtr8_session';
export const OAUTH_STATE_COOKIE = 'bloxtr8_oauth_state';

export function identityCookiesFor(publicUrl: URL): IdentityCookies {
  const secure = publicUrl.protocol === 'https:';
  const prefix = secure ? '__Host-' : '';
  const base = { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' };
  return {
    session: `${prefix}${SESSION_COOKIE}`,
    oauthState: `${prefix}${OAUTH_STATE_COOKIE}`,
    secure,
    sessionOptions: (expiresAt) => ({ ...base, expires: expiresAt }),
    oauthStateOptions: (maxAgeSeconds) => ({ ...base, maxAge: maxAgeSeconds }),
    clearOptions: () => ({ ...base }),
  };
}
