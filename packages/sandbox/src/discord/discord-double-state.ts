import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '@bloxtr8/platform';
import type { DiscordRestSnapshot } from './discord-rest-state.ts';
import { DiscordRestState } from './discord-rest-state.ts';

/** A Discord account of the double: who a test signs in as. */
export interface DiscordTestUser {
  readonly id: string;
  readonly username: string;
}

/** An authorisation code the double issued, as the token endpoint checks it. */
export interface DiscordGrant {
  readonly code: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string | null;
  readonly scope: string;
  readonly user: DiscordTestUser;
  readonly expiresAtMs: number;
  redeemed: boolean;
}

interface AccessToken {
  readonly user: DiscordTestUser;
  readonly scope: string;
  readonly expiresAtMs: number;
}

/** What a refresh token stands for; spent on first use (the provider rotates it). */
export interface RefreshGrant {
  readonly user: DiscordTestUser;
  readonly scope: string;
  readonly clientId: string;
}

/** Tokens handed out for one grant: the access token, and the refresh token that renews it. */
export interface IssuedTokens {
  readonly token: string;
  readonly refreshToken: string;
  readonly expiresInSeconds: number;
}

/** Discord's codes are short-lived; the double keeps them for 10 minutes. */
const CODE_TTL_MS = 10 * 60_000;
const ACCESS_TOKEN_TTL_MS = 7 * 24 * 3_600_000;
/** Bounds: the oldest entries go first, so a long sandbox run never grows without end. */
const ENTRIES_MAX = 10_000;

/** What the double remembers: codes it issued and access tokens it handed out. */
export class DiscordDoubleState {
  readonly #grants = new Map<string, DiscordGrant>();
  readonly #tokens = new Map<string, AccessToken>();
  readonly #refreshTokens = new Map<string, RefreshGrant>();
  /** Token requests to answer 503 before working again (provider outage). */
  failingTokenRequests = 0;

  readonly #clock: Clock;
  /** The bot's side: channels, messages, commands, interactions, faults. */
  readonly rest: DiscordRestState;

  constructor(clock: Clock, applicationId = '0') {
    this.#clock = clock;
    this.rest = new DiscordRestState(applicationId);
  }

  issueCode(grant: Omit<DiscordGrant, 'code' | 'expiresAtMs' | 'redeemed'>): string {
    const code = randomBytes(24).toString('base64url');
    remember(this.#grants, code, {
      ...grant,
      code,
      expiresAtMs: this.#clock.now().getTime() + CODE_TTL_MS,
      redeemed: false,
    });
    return code;
  }

  /** The code's grant while it can still be redeemed; marks it redeemed (single use). */
  redeem(code: string): DiscordGrant | 'unknown' | 'expired' | 'redeemed' {
    const grant = this.#grants.get(code);
    if (grant === undefined) return 'unknown';
    if (grant.redeemed) return 'redeemed';
    grant.redeemed = true;
    if (this.#clock.now().getTime() >= grant.expiresAtMs) return 'expired';
    return grant;
  }

  /** An access token for the grant, and a refresh token that can renew it once. */
  issueTokens(grant: RefreshGrant): IssuedTokens {
    const token = randomBytes(24).toString('base64url');
    remember(this.#tokens, token, {
      user: grant.user,
      scope: grant.scope,
      expiresAtMs: this.#clock.now().getTime() + ACCESS_TOKEN_TTL_MS,
    });
    const refreshToken = randomBytes(32).toString('base64url');
    remember(this.#refreshTokens, refreshToken, grant);
    return { token, refreshToken, expiresInSeconds: ACCESS_TOKEN_TTL_MS / 1000 };
  }

  /** The grant a refresh token stands for, spending it (a second use finds nothing). */
  redeemRefreshToken(refreshToken: string): RefreshGrant | undefined {
    const grant = this.#refreshTokens.get(refreshToken);
    this.#refreshTokens.delete(refreshToken);
    return grant;
  }

  /** Every refresh token stops working, as when users revoke the application. */
  revokeRefreshTokens(): void {
    this.#refreshTokens.clear();
  }

  userOfAccessToken(token: string): DiscordTestUser | undefined {
    return this.accessTokenOf(token)?.user;
  }

  /** The live access token's user and scope. */
  accessTokenOf(token: string): { user: DiscordTestUser; scope: string } | undefined {
    const entry = this.#tokens.get(token);
    if (entry === undefined || this.#clock.now().getTime() >= entry.expiresAtMs) return undefined;
    return entry;
  }

  grants(): readonly DiscordGrant[] {
    return [...this.#grants.values()];
  }

  expireCodes(): void {
    for (const grant of this.#grants.values()) {
      this.#grants.set(grant.code, { ...grant, expiresAtMs: 0 });
    }
  }

  reset(): void {
    this.#grants.clear();
    this.#tokens.clear();
    this.#refreshTokens.clear();
    this.failingTokenRequests = 0;
    this.rest.reset();
  }

  /** Issued codes, access and refresh tokens as plain JSON, for a sandbox that survives restarts. */
  snapshot(): DiscordStateSnapshot {
    return {
      grants: [...this.#grants.values()],
      tokens: [...this.#tokens.entries()],
      refreshTokens: [...this.#refreshTokens.entries()],
      rest: this.rest.snapshot(),
    };
  }

  /**
   * Puts a snapshot's codes and tokens back, oldest first. Snapshots written before refresh
   * tokens and scopes were kept restore with neither.
   */
  restore(saved: unknown): void {
    const { grants, tokens, refreshTokens, rest } = (saved ?? {}) as Partial<DiscordStateSnapshot>;
    if (!Array.isArray(grants) || !Array.isArray(tokens)) {
      throw new Error('not a saved state of a Discord or Roblox sandbox');
    }
    for (const grant of grants) remember(this.#grants, grant.code, grant);
    for (const [token, entry] of tokens) {
      remember(this.#tokens, token, { ...entry, scope: entry.scope ?? '' });
    }
    for (const [token, grant] of refreshTokens ?? []) remember(this.#refreshTokens, token, grant);
    this.rest.restore(rest);
  }
}

export interface DiscordStateSnapshot {
  readonly grants: readonly DiscordGrant[];
  readonly tokens: ReadonlyArray<
    readonly [
      string,
      {
        readonly user: DiscordTestUser;
        readonly scope?: string | undefined;
        readonly expiresAtMs: number;
      },
    ]
  >;
  readonly refreshTokens?: ReadonlyArray<readonly [string, RefreshGrant]> | undefined;
  /** Absent in files saved before the double had a bot side. */
  readonly rest?: DiscordRestSnapshot;
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= ENTRIES_MAX) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, value);
}

/** RFC 7636 S256: BASE64URL(SHA256(ASCII(code_verifier))). */
export function s256Challenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}
