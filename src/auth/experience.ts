// The Experience API binds an interaction to cookies set by the OIDC authorization
// request. This keeps that jar (with the PKCE verifier and state) in the profile's
// secret store, so a sign-in can be driven step by step across invocations.
import { CliError, ExitCode } from '../errors';
import type { HttpResponse } from '../request/send';
import { applySetCookie, cookieHeader, setCookieHeaders, type StoredCookie } from './cookie-jar';
import { oidcUrl, pkcePair, randomState, rawRequest, requestToken, type TokenResponse, type Transport } from './oidc';
import { DEFAULT_USER_SCOPE } from './scopes';
import type { SecretStore } from './secret-store';

export interface Interaction {
  endpoint: string;
  clientId: string;
  redirectUri: string;
  verifier: string;
  state: string;
  cookies: StoredCookie[];
  /** Where the last submit said to go next. */
  redirectTo?: string;
}

const MAX_REDIRECTS = 10;

export const noInteraction = () =>
  new CliError('no experience interaction started: run logto experience start --client-id ID --redirect-uri URI', ExitCode.credentials);

export class InteractionStore {
  constructor(
    private readonly secrets: SecretStore,
    private readonly account: string,
  ) {}

  async load(): Promise<Interaction | undefined> {
    const raw = await this.secrets.get(this.account);
    return raw ? (JSON.parse(raw) as Interaction) : undefined;
  }

  async save(interaction: Interaction): Promise<void> {
    await this.secrets.set(this.account, JSON.stringify(interaction));
  }

  async clear(): Promise<void> {
    await this.secrets.delete(this.account);
  }
}

/** Cookie header for a request inside the interaction. */
export function interactionHeaders(interaction: Interaction, path: string): Record<string, string> {
  const cookie = cookieHeader(interaction.cookies, path);
  return cookie ? { cookie } : {};
}

/** Folds a response into the interaction: new cookies, and the `redirectTo` a submit answers. */
export function recordResponse(interaction: Interaction, response: HttpResponse): Interaction {
  const redirectTo = (response.data as { redirectTo?: unknown } | undefined)?.redirectTo;
  return {
    ...interaction,
    cookies: applySetCookie(interaction.cookies, setCookieHeaders(response.headers)),
    ...(typeof redirectTo === 'string' ? { redirectTo } : {}),
  };
}

export interface StartOptions {
  clientId: string;
  redirectUri: string;
  scope?: string;
  prompt?: string;
}

/** GET /oidc/auth with PKCE and state; Logto answers a redirect and sets the interaction cookies. */
export async function startInteraction(endpoint: URL, options: StartOptions, transport: Transport): Promise<{ interaction: Interaction; location?: string }> {
  const { verifier, challenge } = pkcePair();
  const state = randomState();
  const url = oidcUrl(endpoint, '/auth');
  url.search = new URLSearchParams({
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    response_type: 'code',
    scope: options.scope ?? DEFAULT_USER_SCOPE,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    ...(options.prompt ? { prompt: options.prompt } : {}),
  }).toString();
  const response = await rawRequest('GET', url, {}, undefined, transport);
  const cookies = applySetCookie([], setCookieHeaders(response.headers));
  if (response.status >= 400 || cookies.length === 0) {
    const data = response.data as { error?: string; error_description?: string; message?: string } | undefined;
    const reason = data?.error_description ?? data?.error ?? data?.message ?? `HTTP ${response.status}`;
    throw new CliError(`the authorization request was refused: ${reason}`, ExitCode.server);
  }
  const location = response.headers.location;
  return {
    interaction: { endpoint: endpoint.href, clientId: options.clientId, redirectUri: options.redirectUri, verifier, state, cookies },
    location: typeof location === 'string' ? new URL(location, url).href : undefined,
  };
}

/** Follows the submit's redirectTo through Logto's redirects to the redirect URI, then exchanges the code. */
export async function finishInteraction(interaction: Interaction, transport: Transport): Promise<TokenResponse> {
  if (!interaction.redirectTo) {
    throw new CliError('the interaction has not been submitted yet: run logto experience submit-interaction first', ExitCode.usage);
  }
  let url = new URL(interaction.redirectTo, interaction.endpoint);
  let cookies = interaction.cookies;
  for (let hop = 0; hop < MAX_REDIRECTS; hop++) {
    if (url.href.startsWith(interaction.redirectUri)) {
      const error = url.searchParams.get('error');
      if (error) throw new CliError(`sign-in failed: ${error}${url.searchParams.get('error_description') ? `: ${url.searchParams.get('error_description')}` : ''}`, ExitCode.credentials);
      if (url.searchParams.get('state') !== interaction.state) throw new CliError('sign-in failed: the state returned does not match the one sent', ExitCode.credentials);
      const code = url.searchParams.get('code');
      if (!code) throw new CliError('sign-in failed: the redirect carries no authorization code', ExitCode.credentials);
      return requestToken(
        new URL(interaction.endpoint),
        { grant_type: 'authorization_code', code, redirect_uri: interaction.redirectUri, client_id: interaction.clientId, code_verifier: interaction.verifier },
        transport,
        'exchanging the authorization code',
      );
    }
    const cookie = cookieHeader(cookies, url.pathname);
    const response = await rawRequest('GET', url, cookie ? { cookie } : {}, undefined, transport);
    cookies = applySetCookie(cookies, setCookieHeaders(response.headers));
    const location = response.headers.location;
    if (response.status < 300 || response.status >= 400 || typeof location !== 'string') {
      throw new CliError(`sign-in stopped at ${url.pathname} (HTTP ${response.status}): Logto wants a page the CLI cannot show`, ExitCode.server);
    }
    url = new URL(location, url);
  }
  throw new CliError('sign-in failed: too many redirects', ExitCode.server);
}
