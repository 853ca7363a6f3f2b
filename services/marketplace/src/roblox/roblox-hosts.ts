/**
 * Roblox serves each API from its own host. In production these are Roblox's; a loopback double
 * (the sandbox, tests) serves them all under one base URL, one path prefix per host:
 * `<base>/apis/…`, `<base>/games/…`, `<base>/groups/…`, `<base>/thumbnails/…` (ROBLOX_API_URL).
 */
export interface RobloxHosts {
  /** OAuth 2.0 (authorize, token, userinfo). */
  readonly apis: URL;
  readonly games: URL;
  readonly groups: URL;
  readonly thumbnails: URL;
}

export const ROBLOX_HOSTS: RobloxHosts = {
  apis: new URL('https://apis.roblox.com/'),
  games: new URL('https://games.roblox.com/'),
  groups: new URL('https://groups.roblox.com/'),
  thumbnails: new URL('https://thumbnails.roblox.com/'),
};

/** Every host under one base URL, one path prefix each (what ROBLOX_API_URL configures). */
export function robloxHostsUnder(base: URL): RobloxHosts {
  const prefix = (name: string) => new URL(`${name}/`, base.href.endsWith('/') ? base : `${base}/`);
  return {
    apis: prefix('apis'),
    games: prefix('games'),
    groups: prefix('groups'),
    thumbnails: prefix('thumbnails'),
  };
}

/** `path` (relative, no leading slash) on `host`, keeping the host's own path prefix. */
export function robloxEndpoint(host: URL, path: string): URL {
  return new URL(path, host);
}
