import type { Result } from '@bloxtr8/platform';

/** The Discord account that completed an authorisation. */
export interface DiscordIdentity {
  readonly id: string;
  readonly username: string;
}

/**
 * Why an authorisation code did not give an identity. CODE_REJECTED: Discord refused the code
 * (expired, used, wrong verifier or redirect): the user starts again. PROVIDER_UNAVAILABLE:
 * Discord could not be reached or answered nonsense: try again later.
 */
export type DiscordOAuthFailure = 'CODE_REJECTED' | 'PROVIDER_UNAVAILABLE';

/** Sign-in with Discord (OAuth2 authorisation code with PKCE S256, scope `identify`). */
export interface DiscordOAuth {
  /** Where to send the browser: Discord's consent page for this state and verifier. */
  authorizationUrl(state: string, codeVerifier: string): URL;
  /** Exchanges the code (with the verifier) for a token and reads who signed in. */
  identify(
    code: string,
    codeVerifier: string,
  ): Promise<Result<DiscordIdentity, DiscordOAuthFailure>>;
}
