/** One HTTP answer, body parsed as JSON when it is JSON. */
export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever shape the API answered
  readonly body: any;
}

/** Real HTTP requests to a gateway, as one caller (their credential headers on every request). */
export class ApiCaller {
  readonly #baseUrl: string;
  readonly #credentials: Readonly<Record<string, string>>;

  constructor(baseUrl: string, credentials: Readonly<Record<string, string>>) {
    this.#baseUrl = baseUrl;
    this.#credentials = credentials;
  }

  get(path: string, headers: Readonly<Record<string, string>> = {}): Promise<ApiAnswer> {
    return this.request('GET', path, undefined, headers);
  }

  post(
    path: string,
    body?: unknown,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<ApiAnswer> {
    return this.request('POST', path, body, headers);
  }

  /** Sends `text` as it is, e.g. a body that is not valid JSON. */
  postRaw(path: string, text: string, contentType: string): Promise<ApiAnswer> {
    return this.#send('POST', path, text, { 'content-type': contentType });
  }

  request(
    method: string,
    path: string,
    body: unknown,
    headers: Readonly<Record<string, string>>,
  ): Promise<ApiAnswer> {
    return body === undefined
      ? this.#send(method, path, undefined, headers)
      : this.#send(method, path, JSON.stringify(body), {
          'content-type': 'application/json',
          ...headers,
        });
  }

  async #send(
    method: string,
    path: string,
    body: string | undefined,
    headers: Readonly<Record<string, string>>,
  ): Promise<ApiAnswer> {
    const response = await fetch(`${this.#baseUrl}${path}`, {
      method,
      headers: { ...this.#credentials, ...headers },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: type.includes('json') && text !== '' ? JSON.parse(text) : text,
    };
  }
}
