import type {
  ContractJson,
  DisputeJson,
  EscrowJson,
  ListingJson,
  OfferJson,
} from '@bloxtr8/discord-kit';
import type { Secret } from '@bloxtr8/platform';

/** A refusal of the gateway: its problem+json, of which the bot reads the code. */
export interface ApiProblem {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail?: string;
}

export type ApiResult<T> =
  | { readonly ok: true; readonly status: number; readonly value: T }
  | { readonly ok: false; readonly problem: ApiProblem };

/** An escrow command's status (POST /api/escrow/:id/<action>). */
export interface CommandStatusJson {
  readonly status: 'ACCEPTED' | 'APPLIED' | 'REJECTED';
  readonly reasonCode: string | null;
}

export interface ListingSearch {
  readonly category?: string | undefined;
  readonly minPriceMinor?: string | undefined;
  readonly maxPriceMinor?: string | undefined;
  readonly visibility?: string | undefined;
  readonly guildId?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

export interface GuildMarketplaceJson {
  readonly guildId: string;
  readonly channels: Readonly<Record<string, string>>;
}

export interface GatewayClientSettings {
  /**
   * Where the gateway's public API is: PUBLIC_URL, or this process's own gateway (known once it
   * listens, hence a function).
   */
  readonly baseUrl: () => string;
  /** The bot credential (BOT_API_TOKEN). */
  readonly botToken: Secret;
  /** Each call's bound: the interaction's answer must not wait for ever. */
  readonly timeoutMs?: number;
}

/**
 * The gateway's public HTTP API as the bot uses it, with the bot credential acting for one Discord
 * user (ADR 0010). Expected refusals are values (the problem's code); outages throw.
 */
export class GatewayClient {
  readonly #settings: GatewayClientSettings;

  constructor(settings: GatewayClientSettings) {
    this.#settings = settings;
  }

  /** The API as the Discord user `discordUserId` (the person who clicked or typed). */
  as(discordUserId: string): UserApi {
    return new UserApi(this.#settings, discordUserId);
  }
}

type Query = Readonly<Record<string, string | number | undefined>>;

export class UserApi {
  readonly #settings: GatewayClientSettings;
  readonly #discordUserId: string;

  constructor(settings: GatewayClientSettings, discordUserId: string) {
    this.#settings = settings;
    this.#discordUserId = discordUserId;
  }

  signUp(discordUsername: string) {
    return this.#call<{ user: { id: string; tier: string } }>('POST', '/api/users', {
      body: { discordUsername, acceptTerms: true },
    });
  }
  me() {
    return this.#call<{ user: { id: string; tier: string; role: string } }>('GET', '/api/me');
  }
  startRobloxLink() {
    return this.#call<{ authorizeUrl: string; expiresAt: string }>('GET', '/api/link/roblox/start');
  }
  verifyGame(universeId: string) {
    return this.#call<{ snapshot: ListingJson['snapshot'] & { universeId: string } }>(
      'POST',
      `/api/games/${universeId}/verify`,
    );
  }
  createListing(body: Record<string, unknown>) {
    return this.#call<ListingJson>('POST', '/api/listings', { body });
  }
  searchListings(search: ListingSearch) {
    return this.#call<{ items: ListingJson[]; nextCursor: string | null }>('GET', '/api/listings', {
      query: { ...search },
    });
  }
  listing(listingId: string, guildId?: string) {
    return this.#call<ListingJson>('GET', `/api/listings/${listingId}`, { query: { guildId } });
  }
  makeOffer(listingId: string, amountMinor: number, note: string | undefined) {
    const body = { amountMinor, ...(note === undefined || note === '' ? {} : { message: note }) };
    return this.#call<OfferJson>('POST', `/api/listings/${listingId}/offers`, { body });
  }
  offer(offerId: string) {
    return this.#call<OfferJson>('GET', `/api/offers/${offerId}`);
  }
  answerOffer(offerId: string, answer: 'accept' | 'decline') {
    return this.#call<OfferJson>('POST', `/api/offers/${offerId}/${answer}`);
  }
  counterOffer(offerId: string, amountMinor: number) {
    return this.#call<OfferJson>('POST', `/api/offers/${offerId}/counter`, {
      body: { amountMinor },
    });
  }
  contractOfOffer(offerId: string) {
    return this.#call<ContractJson>('GET', `/api/offers/${offerId}/contract`);
  }
  contract(contractId: string) {
    return this.#call<ContractJson>('GET', `/api/contracts/${contractId}`);
  }
  signContract(contractId: string, confirm: string) {
    return this.#call<{ contract: ContractJson; executed: boolean }>(
      'POST',
      `/api/contracts/${contractId}/sign`,
      { body: { confirm } },
    );
  }
  signLink(contractId: string) {
    return this.#call<{ path: string; expiresAt: string }>(
      'POST',
      `/api/contracts/${contractId}/sign-link`,
    );
  }
  escrow(escrowId: string) {
    return this.#call<EscrowJson>('GET', `/api/escrow/${escrowId}`);
  }
  /**
   * An escrow command, waiting up to 5 s for the escrow's decision. The interaction id is the
   * idempotency key: Discord redelivering the same click submits nothing twice.
   */
  escrowAction(escrowId: string, action: string, body: Record<string, unknown>, key: string) {
    return this.#call<CommandStatusJson>('POST', `/api/escrow/${escrowId}/${action}`, {
      body,
      headers: { prefer: 'wait=5', 'idempotency-key': `discord-${key}` },
    });
  }
  payoutAccount() {
    return this.#call<{ onboardingUrl: string; payoutsEnabled: boolean }>(
      'POST',
      '/api/me/payout-account',
      { body: {} },
    );
  }
  disputes() {
    return this.#call<{ items: DisputeJson[] }>('GET', '/api/admin/disputes');
  }
  guildMarketplace(guildId: string) {
    return this.#call<GuildMarketplaceJson>('GET', `/api/guilds/${guildId}/marketplace`);
  }
  saveGuildMarketplace(guildId: string, channels: Record<string, string>) {
    return this.#call<GuildMarketplaceJson>('PUT', `/api/guilds/${guildId}/marketplace`, {
      body: { channels },
    });
  }

  async #call<T>(
    method: string,
    path: string,
    options: { body?: unknown; query?: Query; headers?: Record<string, string> } = {},
  ): Promise<ApiResult<T>> {
    const url = new URL(path, this.#settings.baseUrl());
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
    }
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bot ${this.#settings.botToken.reveal()}`,
        'x-discord-user-id': this.#discordUserId,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(this.#settings.timeoutMs ?? 10_000),
    });
    const text = await response.text();
    const json: unknown = text === '' ? undefined : JSON.parse(text);
    if (response.status < 400) return { ok: true, status: response.status, value: json as T };
    // A refusal names its code (502 ROBLOX_UNAVAILABLE too); anything else is an outage.
    if (typeof (json as { code?: unknown } | undefined)?.code !== 'string') {
      throw new Error(`${method} ${path} answered ${response.status}`);
    }
    return { ok: false, problem: json as ApiProblem };
  }
}
