/** A JSON answer of the gateway: what the demo reads from it. */
// biome-ignore lint/suspicious/noExplicitAny: the demo reads whatever the public API answers
export type Json = any;

/** The public HTTP API as one trader sees it through the Discord bot's credential. */
export class DemoClient {
  readonly #gatewayUrl: string;
  readonly #headers: Readonly<Record<string, string>>;

  constructor(gatewayUrl: string, botToken: string, discordUserId: string) {
    this.#gatewayUrl = gatewayUrl;
    this.#headers = { authorization: `Bot ${botToken}`, 'x-discord-user-id': discordUserId };
  }

  get headers(): Readonly<Record<string, string>> {
    return this.#headers;
  }

  get(path: string): Promise<Json> {
    return this.#send('GET', path, undefined, {});
  }

  post(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Json> {
    return this.#send('POST', path, body, headers);
  }

  async #send(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<Json> {
    const response = await fetch(`${this.#gatewayUrl}${path}`, {
      method,
      headers: {
        ...this.#headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status >= 400) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    }
    return text === '' ? undefined : JSON.parse(text);
  }
}
