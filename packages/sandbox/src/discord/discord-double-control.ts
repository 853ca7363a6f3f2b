import type { APIApplicationCommand, APIChannel, APIMessage } from 'discord-api-types/v10';
import type { DiscordGrant } from './discord-double-state.ts';
import type { InteractionRecord } from './discord-rest-state.ts';
import type { InteractionOutcome, InteractionRequest } from './interaction-sender.ts';

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

  /** Where the double POSTs interactions (the application's Interactions Endpoint URL). */
  setInteractionsUrl(url: string): Promise<void> {
    return this.post('/__control/interactions-url', { url });
  }

  /** Signs and sends an interaction as Discord would; resolves with the endpoint's answer. */
  interact(request: InteractionRequest): Promise<InteractionOutcome> {
    return this.call('POST', '/__control/interactions', request);
  }

  /** An interaction with its answer, its original message (once sent) and its follow-ups. */
  interaction(id: string): Promise<InteractionRecord> {
    return this.call('GET', `/__control/interactions/${id}`);
  }

  /** The messages in the user's DM channel, oldest first. */
  dms(userId: string): Promise<APIMessage[]> {
    return this.call('GET', `/__control/dms/${userId}`);
  }

  channelMessages(channelId: string): Promise<APIMessage[]> {
    return this.call('GET', `/__control/channels/${channelId}/messages`);
  }

  channels(): Promise<APIChannel[]> {
    return this.call('GET', '/__control/channels');
  }

  /** The registered commands: global, or of one guild. */
  commands(guildId?: string): Promise<APIApplicationCommand[]> {
    return this.call('GET', `/__control/commands${guildId === undefined ? '' : `/${guildId}`}`);
  }

  /** Sending a DM to this user answers 403 with Discord's code 50007, as when DMs are closed. */
  closeDms(userId: string): Promise<void> {
    return this.post(`/__control/close-dms/${userId}`);
  }

  openDms(userId: string): Promise<void> {
    return this.post(`/__control/open-dms/${userId}`);
  }

  /**
   * The next `count` REST calls answer `status`: 429 with `retryAfterMs`, a 5xx, or another
   * error with Discord's JSON `code` (e.g. 404 and 10008, Unknown Message).
   */
  failRestRequests(status: number, count: number, retryAfterMs = 100, code = 0): Promise<void> {
    return this.post('/__control/faults', { status, count, retryAfterMs, code });
  }

  /** Every REST call answered so far, oldest first. */
  restCalls(): Promise<Array<{ method: string; path: string; status: number }>> {
    return this.call('GET', '/__control/calls');
  }

  private async post(path: string, body?: unknown): Promise<void> {
    await this.call('POST', path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.#url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`discord double: ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }
}
