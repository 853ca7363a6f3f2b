import type { RobloxTestUser } from './roblox-double-state.ts';
import type { RobloxDouble } from './start-roblox-double.ts';

/** The gateway's last answer in a linking flow. */
export interface LinkAnswer {
  readonly status: number;
  readonly location: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the gateway answered
  readonly body: any;
}

/**
 * What a Discord user does to link a Roblox account: the bot asks the gateway to start
 * (`botHeaders` for that user), the user consents on the double as `robloxUser` (seeded first),
 * and their browser follows Roblox's redirect to the gateway's callback. Returns the callback's
 * answer (302 on success) and the state it carried, so tests can replay it.
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
  return { ...(await openCallback(gatewayUrl, callbackPath)), callbackPath };
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
    body: (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text,
  };
}
