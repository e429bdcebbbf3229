// Which credential each request needs (Logto's rules), obtained, cached and refreshed:
// Management API → M2M client-credentials token; Account API → the signed-in user's
// token; Experience API → the interaction's cookie jar. A static token always wins.
import { CliError, ExitCode } from '../errors';
import type { HttpResponse } from '../request/send';
import { managementResource } from './credentials';
import { InteractionStore, interactionHeaders, noInteraction, recordResponse, type Interaction } from './experience';
import { forExperience } from './secret-store';
import { withLock } from './lock';
import { requestToken, type TokenResponse } from './oidc';
import type { Side } from '../config/config';
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
  /** How long the token lived when issued, in ms: short-lived tokens get a proportionally small margin. */
  lifetimeMs?: number;
}

/** Refresh shortly before expiry (a minute for ordinary tokens, a tenth of the lifetime for short ones), so a token never expires mid-request. */
const EXPIRY_MARGIN_MS = 60_000;
const marginOf = (token: StoredToken) => (token.lifetimeMs === undefined ? EXPIRY_MARGIN_MS : Math.min(EXPIRY_MARGIN_MS, token.lifetimeMs / 10));
/** A refresh holder may take its request's timeout plus a few keychain calls (each bounded at 5 s). */
const KEYCHAIN_ALLOWANCE_MS = 20_000;

const fresh = (raw: string | undefined): StoredToken | undefined => {
  const token = raw ? (JSON.parse(raw) as StoredToken) : undefined;
  return token && token.expiresAt - marginOf(token) > Date.now() ? token : undefined;
};

export function storedToken(response: TokenResponse): string {
  const lifetimeMs = (response.expires_in ?? 3600) * 1000;
  return JSON.stringify({ accessToken: response.access_token, expiresAt: Date.now() + lifetimeMs, lifetimeMs } satisfies StoredToken);
}

/** Expiry of a stored token, for `auth status`. */
export const storedExpiry = (raw: string | undefined): string | undefined => (raw ? new Date((JSON.parse(raw) as StoredToken).expiresAt).toISOString() : undefined);

export async function interactionStore(session: Session): Promise<InteractionStore> {
  return new InteractionStore(await session.secrets(), session.secretAccount('experience'));
}

const refreshLock = (session: Session) => ({ holdMs: session.transport.timeoutMs + KEYCHAIN_ALLOWANCE_MS, what: `the credentials of profile ${session.profileName}` });

export const missingM2m = (session: Session) =>
  new CliError(`the Management API needs a machine-to-machine app, and profile ${session.profileName} has none: run ${session.loginCommand('--m2m')}, or set LOGTO_API_KEY`, ExitCode.credentials);

export const missingUser = (session: Session) =>
  new CliError(
    `my-account needs a signed-in user, and profile ${session.profileName} has none: run ${session.loginCommand('--password')} (or --device, --browser, --pat), or set LOGTO_API_KEY`,
    ExitCode.credentials,
  );

/** The login flag that renews the profile's user sign-in. */
export const userLoginFlag = (session: Session) => {
  const method = session.profile.method;
  return method === 'experience' || !method ? '--password' : method === 'token' ? '--with-token' : `--${method}`;
};

async function managementToken(session: Session): Promise<string> {
  const cached = fresh(await session.getSecret('token:management'));
  if (cached) return cached.accessToken;
  const { profile } = session;
  const clientId = profile['m2m-client-id'];
  if (!clientId) throw missingM2m(session);
  return withLock(session.env, `${session.profileName}-management`, refreshLock(session), async () => {
    // Another process may have refreshed while this one waited for the lock.
    const again = fresh(await session.getSecret('token:management'));
    if (again) return again.accessToken;
    const clientSecret = await session.getSecret('client-secret');
    if (!clientSecret) throw new CliError(`profile ${session.profileName} has no client secret stored: run ${session.loginCommand('--m2m')}`, ExitCode.credentials);
    const endpoint = session.endpoint();
    const response = await requestToken(
      endpoint,
      { grant_type: 'client_credentials', resource: managementResource(endpoint, profile), scope: 'all' },
      session.transport,
      'requesting a Management API token',
      { clientId, clientSecret },
    );
    await session.setSecret('token:management', storedToken(response));
    return response.access_token;
  });
}

async function accountToken(session: Session): Promise<string> {
  const { profile } = session;
  if (!profile.method) throw missingUser(session);
  if (profile.method === 'token') {
    const token = await session.getSecret('static-token');
    if (!token) throw new CliError(`profile ${session.profileName} has no token stored: run ${session.loginCommand('--with-token')}`, ExitCode.credentials);
    return token;
  }
  const cached = fresh(await session.getSecret('token:account'));
  if (cached) return cached.accessToken;
  return withLock(session.env, `${session.profileName}-account`, refreshLock(session), async () => {
    const again = fresh(await session.getSecret('token:account'));
    if (again) return again.accessToken;
    const refreshToken = await session.getSecret('refresh-token');
    const expired = `the session of profile ${session.profileName} has expired and cannot be refreshed: run ${session.loginCommand(userLoginFlag(session))}`;
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

/** The bearer token for a surface, e.g. for `logto auth token`. A static token (--token, LOGTO_API_KEY) always wins. */
export async function bearerToken(session: Session, audience: Exclude<Audience, 'experience'>): Promise<string> {
  if (session.staticToken) return session.staticToken;
  return audience === 'management' ? managementToken(session) : accountToken(session);
}

export async function authFor(session: Session, path: string): Promise<RequestAuth> {
  const audience = audienceFor(path);
  if (audience !== 'experience') return { headers: { authorization: `Bearer ${await bearerToken(session, audience)}` } };
  let store: InteractionStore;
  let interaction: Interaction | undefined;
  try {
    store = await interactionStore(session);
    interaction = await store.load();
  } catch (error) {
    throw forExperience(error);
  }
  if (!interaction) throw noInteraction();
  const started = interaction;
  return {
    headers: interactionHeaders(started, path),
    afterResponse: (response) => store.save(recordResponse(started, response)),
  };
}

/**
 * A new grant for a resource (or, without one, the side's default audience), for reading
 * its claims: client credentials for the M2M app, the refresh token for the signed-in user
 * (rotated tokens are kept, under the same lock as the usual refresh).
 */
export async function freshGrant(session: Session, options: { side: Side; resource?: string; scope?: string }): Promise<TokenResponse> {
  const { profile } = session;
  const exchangeable = options.side === 'm2m' || (profile.method !== 'token' && !session.staticToken);
  if (!exchangeable || session.staticToken) {
    throw new CliError(`a static token cannot be exchanged for a new one: run ${session.loginCommand('--m2m')} or ${session.loginCommand('--password')}`, ExitCode.credentials);
  }
  if (options.side === 'm2m') {
    const clientId = profile['m2m-client-id'];
    if (!clientId) throw missingM2m(session);
    const clientSecret = await session.getSecret('client-secret');
    if (!clientSecret) throw new CliError(`profile ${session.profileName} has no client secret stored: run ${session.loginCommand('--m2m')}`, ExitCode.credentials);
    const endpoint = session.endpoint();
    const resource = options.resource ?? managementResource(endpoint, profile);
    return requestToken(
      endpoint,
      { grant_type: 'client_credentials', resource, scope: options.scope ?? (options.resource ? undefined : 'all') },
      session.transport,
      `requesting a token for ${resource}`,
      { clientId, clientSecret },
    );
  }
  if (!profile.method) throw missingUser(session);
  return withLock(session.env, `${session.profileName}-account`, refreshLock(session), async () => {
    const refreshToken = await session.getSecret('refresh-token');
    if (!refreshToken || !profile['client-id']) {
      throw new CliError(`profile ${session.profileName} has no refresh token: run ${session.loginCommand(userLoginFlag(session))} (it asks for offline_access)`, ExitCode.credentials);
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
