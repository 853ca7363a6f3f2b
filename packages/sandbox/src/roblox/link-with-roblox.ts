import type { RobloxTestUser } from './roblox-double-state.ts';
import type { RobloxDouble } from './start-roblox-double.ts';

/** The gateway's last answer in a linking flow. */
export interface LinkAnswer {
  readonly status: number;
  readonly location: string | null;
  /** Every Set-Cookie header of the answer. */
  readonly setCookies: readonly string[];
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the gateway answered
  readonly body: any;
}

/**
 * What a Discord user does to link a Roblox account: the bot asks the gateway to start
 * (`botHeaders` for that user), the user consents on the double as `robloxUser` (seeded first),
 * and their browser follows Roblox's redirect to the gateway's callback, signing in with Discord
 * on the way when the gateway asks (as the Discord user of `botHeaders`, on the gateway's Discord
 * double). Returns the callback's last answer (302 on success) and the callback path, so tests
 * can replay it.
 */
export async function linkWithRoblox(
  gatewayUrl: string,
  double: Pick<RobloxDouble, 'url' | 'control'>,
  botHeaders: Record<string, string>,
  robloxUser: RobloxTestUser,
): Promise<LinkAnswer & { readonly callbackPath: string }> {
  await double.control.addUser(robloxUser);
  const started = await fetch(`${gatewayUrl}/api/link/roblox/start`, { headers: botHeaders });
  if (started.status !== 200) {
    throw new Error(`start answered ${started.status}: ${await started.text()}`);
  }
  const { authorizeUrl } = (await started.json()) as { authorizeUrl: string };
  const callbackPath = await consentOnDouble(double, authorizeUrl, robloxUser.id);
  const discordUserId = botHeaders['x-discord-user-id'] ?? '';
  return { ...(await finishInBrowser(gatewayUrl, callbackPath, discordUserId)), callbackPath };
}

/** Redirects a browser follows at most before the test gives up on a loop. */
const HOPS_MAX = 10;

/**
 * Opens the callback in a fresh browser and follows the gateway's redirects through sign-in
 * with Discord (granting as `discordUserId` on the Discord double at once), keeping cookies as a
 * browser does. Stops at the first answer that is not a redirect into the API or to Discord's
 * authorisation page: the callback's final answer.
 */
export async function finishInBrowser(
  gatewayUrl: string,
  callbackPath: string,
  discordUserId: string,
): Promise<LinkAnswer> {
  const cookies = new Map<string, string>();
  let next = new URL(callbackPath, gatewayUrl);
  for (let hop = 0; hop < HOPS_MAX; hop += 1) {
    const onGateway = next.origin === new URL(gatewayUrl).origin;
    const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const answer = await openCallback(
      next.origin,
      `${next.pathname}${next.search}`,
      onGateway && cookie !== '' ? { cookie } : {},
    );
    if (onGateway) keepCookies(cookies, answer.setCookies);
    const location = answer.location === null ? null : new URL(answer.location, next);
    const hop = location === null ? null : signInHop(location, gatewayUrl, discordUserId);
    if (hop === null) return answer;
    next = hop;
  }
  throw new Error(`the browser followed ${HOPS_MAX} redirects without an end`);
}

/**
 * Where the browser goes next on its way through sign-in: Discord's authorisation page (granting
 * as the user at once), or the API, on the gateway (whose public URL may name it differently,
 * e.g. without the test server's port); null for anything else, the end of the way.
 */
function signInHop(location: URL, gatewayUrl: string, discordUserId: string): URL | null {
  if (location.pathname.endsWith('/oauth2/authorize')) {
    const grant = new URL(location);
    grant.searchParams.set('test_user_id', discordUserId);
    return grant;
  }
  if (!location.pathname.startsWith('/api/')) return null;
  return new URL(`${location.pathname}${location.search}`, gatewayUrl);
}

function keepCookies(cookies: Map<string, string>, setCookies: readonly string[]): void {
  for (const line of setCookies) {
    const [pair = ''] = line.split(';');
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    const name = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1).trim();
    if (value === '' || /max-age=0/i.test(line)) cookies.delete(name);
    else cookies.set(name, value);
  }
}

/** Consents as the Roblox user on the double; returns the callback path and query to open. */
export async function consentOnDouble(
  double: Pick<RobloxDouble, 'url'>,
  authorizeUrl: string,
  robloxUserId: string,
): Promise<string> {
  const authorize = new URL(authorizeUrl);
  if (authorize.origin !== double.url) {
    throw new Error(`linking went to ${authorize.origin}, not the double`);
  }
  authorize.searchParams.set('test_user_id', robloxUserId);
  const granted = await fetch(authorize, { redirect: 'manual' });
  await granted.body?.cancel();
  const callback = new URL(granted.headers.get('location') ?? '', 'http://invalid');
  if (granted.status !== 302 || !callback.searchParams.has('code')) {
    throw new Error(`the double did not grant (${granted.status}, ${callback.toString()})`);
  }
  return `${callback.pathname}${callback.search}`;
}

/** Opens the gateway's callback as a browser would (no redirects followed). */
export async function openCallback(
  gatewayUrl: string,
  callbackPath: string,
  headers: Record<string, string> = {},
): Promise<LinkAnswer> {
  const response = await fetch(`${gatewayUrl}${callbackPath}`, { headers, redirect: 'manual' });
  const text = await response.text();
  return {
    status: response.status,
    location: response.headers.get('location'),
    setCookies: response.headers.getSetCookie(),
    body: (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text,
  };
}
