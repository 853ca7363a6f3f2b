import type { DiscordGrant } from './discord-double-state.ts';

/** Drives the Discord double from a test, over its HTTP control API (`/__control/…`). */
export class DiscordDoubleControl {
  readonly #url: string;

  constructor(url: string) {
    this.#url = url;
  }

  /** Forgets every code and access token. */
  reset(): Promise<void> {
    return this.post('/__control/reset');
  }

  /** Every code issued so far stops being redeemable (as if ten minutes had passed). */
  expireCodes(): Promise<void> {
    return this.post('/__control/expire-codes');
  }

  /** The next `count` token requests answer 503, as during a Discord outage. */
  failTokenRequests(count: number): Promise<void> {
    return this.post(`/__control/fail-token-requests/${count}`);
  }

  /** The codes issued so far, with the PKCE challenge and redirect URI each was bound to. */
  async grants(): Promise<DiscordGrant[]> {
    const response = await fetch(`${this.#url}/__control/grants`);
    if (!response.ok) throw new Error(`discord double: grants answered ${response.status}`);
    return (await response.json()) as DiscordGrant[];
  }

  private async post(path: string): Promise<void> {
    const response = await fetch(`${this.#url}${path}`, { method: 'POST' });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`discord double: ${path} answered ${response.status}`);
  }
}
