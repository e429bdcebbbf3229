// Which credential each request needs (Logto's rules), obtained, cached and refreshed:
// Management API → M2M client-credentials token; Account API → the signed-in user's
// token; Experience API → the interaction's cookie jar. A static token always wins.
import { CliError, ExitCode } from '../errors';
import type { HttpResponse } from '../request/send';
import { managementResource } from './credentials';
import { InteractionStore, interactionHeaders, noInteraction, recordResponse } from './experience';
import { withLock } from './lock';
import { requestToken, type TokenResponse } from './oidc';
import type { Session } from './session';

export type Audience = 'management' | 'account' | 'experience';

export function audienceFor(path: string): Audience {
  if (/^\/api\/experience([/?]|$)/.test(path)) return 'experience';
  if (/^\/api\/(my-account|verifications)([/?]|$)/.test(path)) return 'account';
  return 'management';
}

export interface RequestAuth {
  headers: Record<string, string>;
  /** Called with every response, e.g. to keep the interaction's cookies current. */
  afterResponse?(response: HttpResponse): Promise<void>;
}

interface StoredToken {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** Refresh a minute early, so a token never expires mid-request. */
const EXPIRY_MARGIN_MS = 60_000;
const USER_METHODS = new Set(['password', 'device', 'browser', 'pat', 'experience']);

const fresh = (raw: string | undefined): StoredToken | undefined => {
  const token = raw ? (JSON.parse(raw) as StoredToken) : undefined;
  return token && token.expiresAt - EXPIRY_MARGIN_MS > Date.now() ? token : undefined;
};

export const storedToken = (response: TokenResponse): string =>
  JSON.stringify({ accessToken: response.access_token, expiresAt: Date.now() + (response.expires_in ?? 3600) * 1000 } satisfies StoredToken);

export async function interactionStore(session: Session): Promise<InteractionStore> {
  return new InteractionStore(await session.secrets(), session.secretAccount('experience'));
}

function notSignedIn(session: Session, what: string): CliError {
  return new CliError(`${what}: pass --token, set LOGTO_API_KEY, or run logto auth login${session.profileName === 'default' ? '' : ` --profile ${session.profileName}`}`, ExitCode.credentials);
}

/** A refresh holder may take its request's timeout plus a few keychain calls (each bounded at 5 s). */
const KEYCHAIN_ALLOWANCE_MS = 20_000;
const refreshLock = (session: Session) => ({ holdMs: session.transport.timeoutMs + KEYCHAIN_ALLOWANCE_MS, what: `the credentials of profile ${session.profileName}` });

async function managementToken(session: Session): Promise<string> {
  const cached = fresh(await session.getSecret('token:management'));
  if (cached) return cached.accessToken;
  const { profile } = session;
  if (profile.method !== 'm2m') {
    throw new CliError(
      `the Management API needs a machine-to-machine app, and profile ${session.profileName} has ${profile.method ? `a ${profile.method} sign-in` : 'no credentials'}: run logto auth login --m2m --client-id ID`,
      ExitCode.credentials,
    );
  }
  return withLock(session.env, `${session.profileName}-management`, refreshLock(session), async () => {
    // Another process may have refreshed while this one waited for the lock.
    const again = fresh(await session.getSecret('token:management'));
    if (again) return again.accessToken;
    const clientSecret = await session.getSecret('client-secret');
    if (!profile['client-id'] || !clientSecret) throw notSignedIn(session, `profile ${session.profileName} has no client secret stored`);
    const endpoint = session.endpoint();
    const response = await requestToken(
      endpoint,
      { grant_type: 'client_credentials', resource: managementResource(endpoint, profile), scope: 'all' },
      session.transport,
      'requesting a Management API token',
      { clientId: profile['client-id'], clientSecret },
    );
    await session.setSecret('token:management', storedToken(response));
    return response.access_token;
  });
}

async function accountToken(session: Session): Promise<string> {
  const cached = fresh(await session.getSecret('token:account'));
  if (cached) return cached.accessToken;
  const { profile } = session;
  if (!profile.method || !USER_METHODS.has(profile.method)) {
    throw new CliError(
      `my-account needs a signed-in user, and profile ${session.profileName} has ${profile.method ? `a ${profile.method} sign-in` : 'no credentials'}: run logto auth login --password, --device or --browser`,
      ExitCode.credentials,
    );
  }
  return withLock(session.env, `${session.profileName}-account`, refreshLock(session), async () => {
    const again = fresh(await session.getSecret('token:account'));
    if (again) return again.accessToken;
    const refreshToken = await session.getSecret('refresh-token');
    const expired = `the session of profile ${session.profileName} has expired and cannot be refreshed: run logto auth login --${profile.method === 'experience' ? 'password' : profile.method}${session.profileName === 'default' ? '' : ` --profile ${session.profileName}`}`;
    if (!refreshToken || !profile['client-id']) throw new CliError(expired, ExitCode.credentials);
    let response: TokenResponse;
    try {
      response = await requestToken(session.endpoint(), { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: profile['client-id'] }, session.transport, 'refreshing the session');
    } catch (error) {
      if (error instanceof CliError && error.exitCode === ExitCode.credentials) throw new CliError(`${expired} (${error.message})`, ExitCode.credentials);
      throw error;
    }
    await session.setSecret('token:account', storedToken(response));
    if (response.refresh_token) await session.setSecret('refresh-token', response.refresh_token);
    return response.access_token;
  });
}

/** The bearer token for a surface, e.g. for `logto auth token`. */
export async function bearerToken(session: Session, audience: Exclude<Audience, 'experience'>): Promise<string> {
  if (session.staticToken) return session.staticToken;
  if (session.profile.method === 'token') {
    const token = await session.getSecret('static-token');
    if (!token) throw notSignedIn(session, `profile ${session.profileName} has no token stored`);
    return token;
  }
  if (!session.profile.method) throw notSignedIn(session, 'no credentials');
  return audience === 'management' ? managementToken(session) : accountToken(session);
}

export async function authFor(session: Session, path: string): Promise<RequestAuth> {
  const audience = audienceFor(path);
  if (audience !== 'experience') return { headers: { authorization: `Bearer ${await bearerToken(session, audience)}` } };
  const store = await interactionStore(session);
  const interaction = await store.load();
  if (!interaction) throw noInteraction();
  return {
    headers: interactionHeaders(interaction, path),
    afterResponse: (response) => store.save(recordResponse(interaction, response)),
  };
}

/**
 * A new grant for a resource (or, without one, the profile's default audience), for
 * reading its claims: client credentials on an m2m profile, the refresh token on a
 * user sign-in (rotated tokens are kept, under the same lock as the usual refresh).
 */
export async function freshGrant(session: Session, options: { resource?: string; scope?: string }): Promise<TokenResponse> {
  const { profile } = session;
  if (session.staticToken || profile.method === 'token') {
    throw new CliError('a static token cannot be exchanged for a new one: sign in with logto auth login --m2m or --password', ExitCode.credentials);
  }
  if (profile.method === 'm2m') {
    const clientSecret = await session.getSecret('client-secret');
    if (!profile['client-id'] || !clientSecret) throw notSignedIn(session, `profile ${session.profileName} has no client secret stored`);
    const endpoint = session.endpoint();
    const resource = options.resource ?? managementResource(endpoint, profile);
    return requestToken(
      endpoint,
      { grant_type: 'client_credentials', resource, scope: options.scope ?? (options.resource ? undefined : 'all') },
      session.transport,
      `requesting a token for ${resource}`,
      { clientId: profile['client-id'], clientSecret },
    );
  }
  if (!profile.method || !USER_METHODS.has(profile.method)) throw notSignedIn(session, 'no credentials');
  return withLock(session.env, `${session.profileName}-account`, async () => {
    const refreshToken = await session.getSecret('refresh-token');
    if (!refreshToken || !profile['client-id']) {
      throw new CliError(`profile ${session.profileName} has no refresh token: sign in again with logto auth login --password (it asks for offline_access)`, ExitCode.credentials);
    }
    const response = await requestToken(
      session.endpoint(),
      { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: profile['client-id'], resource: options.resource, scope: options.scope },
      session.transport,
      `requesting a token${options.resource ? ` for ${options.resource}` : ''}`,
    );
    if (response.refresh_token) await session.setSecret('refresh-token', response.refresh_token);
    if (!options.resource) await session.setSecret('token:account', storedToken(response));
    return response;
  });
}
