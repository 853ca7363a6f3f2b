/** One answer as a browser saw it, without following redirects. */
export interface BrowserAnswer {
  readonly status: number;
  readonly location: string | null;
  readonly setCookies: readonly string[];
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the gateway answered
  readonly body: any;
}

/**
 * Just enough of a browser for sign-in tests: a cookie jar per instance (so two instances are two
 * browsers), manual redirects, and the Sec-Fetch-* headers every real browser sends.
 */
export class TestBrowser {
  readonly #cookies = new Map<string, string>();

  get cookieHeader(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  cookie(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  async open(
    url: string | URL,
    init: { method?: string; headers?: Record<string, string> } = {},
  ): Promise<BrowserAnswer> {
    const headers: Record<string, string> = {
      'sec-fetch-site': 'same-origin',
      ...(this.#cookies.size === 0 ? {} : { cookie: this.cookieHeader }),
      ...init.headers,
    };
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers,
      redirect: 'manual',
    });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) this.#store(line);
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      location: response.headers.get('location'),
      setCookies,
      body: type.includes('json') && text !== '' ? JSON.parse(text) : text,
    };
  }

  #store(line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const separator = pair.indexOf('=');
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    const expired = attributes.some((attribute) => {
      const [key = '', text = ''] = attribute.split('=').map((part) => part.trim());
      if (key.toLowerCase() === 'max-age') return Number(text) <= 0;
      if (key.toLowerCase() === 'expires') return new Date(text).getTime() <= Date.now();
      return false;
    });
    if (value === '' || expired) this.#cookies.delete(name);
    else this.#cookies.set(name, value);
  }
}

/** One JSON request as a server process (the bot) would send it: no browser headers. */
export async function callApi(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<BrowserAnswer & { readonly contentType: string; readonly headers: Headers }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    location: response.headers.get('location'),
    setCookies: response.headers.getSetCookie(),
    body: contentType.includes('json') && text !== '' ? JSON.parse(text) : text,
    contentType,
    headers: response.headers,
  };
}
