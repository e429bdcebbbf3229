// The sign-in methods of `logto auth login`. Each ends by storing what it obtained:
// settings in config.yaml, secrets in the profile's secret store.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliError, ExitCode, usageError } from '../errors';
import { signedIn, updateProfile, type Profile, type ProfileKey, type Side, type UserMethod } from '../config/config';
import { endpointFromProfile, managementResource } from './credentials';
import { finishInteraction, interactionHeaders, recordResponse, startInteraction, type Interaction } from './experience';
import { DEFAULT_USER_SCOPE } from './scopes';
import { oidcUrl, pkcePair, postForm, randomState, rawRequest, requestToken, tokenError, type TokenResponse, type Transport } from './oidc';
import type { StorageKind } from './secret-store';
import { M2M_SECRETS, SECRET_KINDS, USER_SECRETS, type SecretKind, type Session } from './session';
import { escapeControl } from '../output/safe-text';
import { storedToken } from './tokens';

export interface LoginResult {
  profile: string;
  endpoint: string;
  /** `m2m` for the management credential, otherwise how the user signed in. */
  method: 'm2m' | UserMethod;
  subject?: string;
  scope?: string;
  expiresIn?: number;
}

const SIDE_KEYS: Record<Side, ProfileKey[]> = {
  m2m: ['m2m-client-id', 'resource'],
  user: ['method', 'client-id', 'redirect-uri', 'username', 'scope', 'subject'],
};
const SIDE_SECRETS: Record<Side, SecretKind[]> = { m2m: M2M_SECRETS, user: USER_SECRETS };
const OTHER: Record<Side, Side> = { m2m: 'user', user: 'm2m' };
type Secrets = Partial<Record<SecretKind, string>>;

function subjectOf(tokens: TokenResponse): string | undefined {
  const payload = tokens.id_token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: string; username?: string };
    return claims.username ?? claims.sub;
  } catch {
    return undefined;
  }
}

/** Where a login keeps its secrets: --insecure-storage asks for the file; otherwise the profile keeps the store it has. */
export const storageFor = (session: Session, insecure: boolean): StorageKind => (insecure ? 'file' : ((session.profile.storage as StorageKind | undefined) ?? 'keychain'));

/**
 * Stores one side of the profile (the M2M app or the user sign-in), replacing only that side.
 * The other side stays; if the storage changes, its secrets move along.
 */
async function saveSide(session: Session, storage: StorageKind, endpoint: URL, side: Side, settings: Profile, secrets: Secrets): Promise<void> {
  const { profile } = session;
  const other = OTHER[side];
  const href = endpoint.href.replace(/\/$/, '');
  if (signedIn(profile, other)) {
    const current = endpointFromProfile(profile, session.profileName)?.href.replace(/\/$/, '');
    if (current && current !== href) {
      throw usageError(`profile ${session.profileName} is signed in to ${current}, not ${href}: use another --profile, or run logto auth logout first`);
    }
  }
  const store = await session.secrets(storage);
  const previous = (profile.storage as StorageKind | undefined) ?? 'keychain';
  if (signedIn(profile, other) && previous !== storage) {
    const from = await session.secrets(previous);
    for (const kind of SIDE_SECRETS[other]) {
      const value = await from.get(session.secretAccount(kind));
      if (value !== undefined) await store.set(session.secretAccount(kind), value);
      await from.delete(session.secretAccount(kind));
    }
  }
  for (const kind of SIDE_SECRETS[side]) {
    const value = secrets[kind];
    if (value === undefined) await store.delete(session.secretAccount(kind));
    else await store.set(session.secretAccount(kind), value);
  }
  await updateProfile(session.env, session.profileName, (current) => {
    const next: Profile = { ...current, endpoint: href, storage };
    delete next.tenant;
    for (const key of SIDE_KEYS[side]) delete next[key];
    return { ...next, ...settings };
  });
}

/** Without an ID token (a token exchange issues none), the Account API says who signed in. Best effort. */
async function identityFromAccount(endpoint: URL, accessToken: string, session: Session): Promise<string | undefined> {
  try {
    const url = new URL(`${endpoint.pathname.replace(/\/+$/, '')}/api/my-account`, endpoint);
    const response = await rawRequest('GET', url, { accept: 'application/json', authorization: `Bearer ${accessToken}` }, undefined, session.transport);
    const account = response.data as { username?: unknown; primaryEmail?: unknown; id?: unknown } | undefined;
    if (response.status >= 300 || !account) return undefined;
    const found = [account.username, account.primaryEmail, account.id].find((value) => typeof value === 'string' && value);
    return found as string | undefined;
  } catch {
    return undefined;
  }
}

export async function saveUserSession(
  session: Session,
  storage: StorageKind,
  endpoint: URL,
  tokens: TokenResponse,
  settings: { method: UserMethod; clientId: string; scope?: string } & Profile,
): Promise<LoginResult> {
  const { method, clientId, scope, ...rest } = settings;
  const subject = subjectOf(tokens) ?? (await identityFromAccount(endpoint, tokens.access_token, session));
  const granted = tokens.scope ?? scope;
  await saveSide(
    session,
    storage,
    endpoint,
    'user',
    { method, 'client-id': clientId, ...rest, ...(granted ? { scope: granted } : {}), ...(subject ? { subject } : {}) },
    { 'token:account': storedToken(tokens), ...(tokens.refresh_token ? { 'refresh-token': tokens.refresh_token } : {}) },
  );
  return { profile: session.profileName, endpoint: endpoint.href, method, ...(subject ? { subject } : {}), ...(granted ? { scope: granted } : {}), expiresIn: tokens.expires_in };
}

export async function loginM2m(session: Session, storage: StorageKind, endpoint: URL, clientId: string, clientSecret: string, resource?: string): Promise<LoginResult> {
  const settings: Profile = { 'm2m-client-id': clientId, ...(resource ? { resource } : {}) };
  // Verify before saving: a wrong secret is reported now, not on the first real call.
  const tokens = await requestToken(
    endpoint,
    { grant_type: 'client_credentials', resource: managementResource(endpoint, settings), scope: 'all' },
    session.transport,
    'requesting a Management API token',
    { clientId, clientSecret },
  );
  await saveSide(session, storage, endpoint, 'm2m', settings, { 'client-secret': clientSecret, 'token:management': storedToken(tokens) });
  return { profile: session.profileName, endpoint: endpoint.href, method: 'm2m', subject: clientId, expiresIn: tokens.expires_in };
}

export async function loginWithToken(session: Session, storage: StorageKind, endpoint: URL, token: string): Promise<LoginResult> {
  await saveSide(session, storage, endpoint, 'user', { method: 'token' }, { 'static-token': token });
  return { profile: session.profileName, endpoint: endpoint.href, method: 'token' };
}

/** Removes one side of the profile, or (both) the whole profile with every secret. */
export async function logout(session: Session, sides: Side[]): Promise<void> {
  const { profile } = session;
  const whole = sides.length === 2;
  const kinds = whole ? SECRET_KINDS : sides.flatMap((side) => SIDE_SECRETS[side]);
  if (Object.keys(profile).length > 0) {
    const store = await session.secrets();
    for (const kind of kinds) await store.delete(session.secretAccount(kind));
  }
  await updateProfile(session.env, session.profileName, (current) => {
    if (whole) return undefined;
    const next = { ...current };
    for (const key of sides.flatMap((side) => SIDE_KEYS[side])) delete next[key];
    return next;
  });
}

/** RFC 8693 with the user scopes: without `scope`, Logto issues a token the Account API refuses (403 auth.forbidden). */
export async function loginPat(session: Session, storage: StorageKind, endpoint: URL, clientId: string, pat: string, scope = DEFAULT_USER_SCOPE): Promise<LoginResult> {
  const tokens = await requestToken(
    endpoint,
    {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      client_id: clientId,
      subject_token: pat,
      subject_token_type: 'urn:logto:token-type:personal_access_token',
      scope,
    },
    session.transport,
    'exchanging the personal access token',
  );
  return saveUserSession(session, storage, endpoint, tokens, { method: 'pat', clientId, scope });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** RFC 8628: show the code, then poll at the server's pace. */
export async function loginDevice(session: Session, storage: StorageKind, endpoint: URL, clientId: string, scope = DEFAULT_USER_SCOPE): Promise<LoginResult> {
  const { io } = session.transport;
  const { status, data } = await postForm(oidcUrl(endpoint, '/device/auth'), { client_id: clientId, scope }, session.transport);
  const device = data as { device_code?: string; user_code?: string; verification_uri?: string; verification_uri_complete?: string; interval?: number; expires_in?: number };
  if (status >= 400 || !device.device_code) throw tokenError('starting the device authorization', data, status);
  // Both come from the server: shown escaped, never as terminal control sequences.
  io.err(`Open ${escapeControl(String(device.verification_uri_complete ?? device.verification_uri))} and enter the code ${escapeControl(String(device.user_code))}\n`);
  let interval = (device.interval ?? 5) * 1000;
  const deadline = Date.now() + (device.expires_in ?? 600) * 1000;
  while (Date.now() < deadline) {
    await sleep(interval);
    const answer = await postForm(
      oidcUrl(endpoint, '/token'),
      { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device.device_code, client_id: clientId },
      session.transport,
    );
    const error = (answer.data as { error?: string }).error;
    if (answer.status < 400 && typeof (answer.data as TokenResponse).access_token === 'string') {
      return saveUserSession(session, storage, endpoint, answer.data as TokenResponse, { method: 'device', clientId, scope });
    }
    if (error === 'authorization_pending') continue;
    if (error === 'slow_down') {
      interval += 5000;
      continue;
    }
    if (error === 'expired_token') throw new CliError('the device code expired before it was approved: run logto auth login --device again', ExitCode.credentials);
    throw tokenError('device sign-in', answer.data, answer.status);
  }
  throw new CliError('the device code expired before it was approved: run logto auth login --device again', ExitCode.credentials);
}

/** Authorization code + PKCE on a loopback redirect; the listener takes exactly one callback. */
export async function loginBrowser(
  session: Session,
  storage: StorageKind,
  endpoint: URL,
  clientId: string,
  /** Without `openBrowser` (--no-open), the URL is only printed. */
  options: { scope?: string; openBrowser?: (url: string) => void; timeoutMs?: number },
): Promise<LoginResult> {
  const { verifier, challenge } = pkcePair();
  const state = randomState();
  let settle: (value: URL) => void;
  const callback = new Promise<URL>((resolve) => (settle = resolve));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('logto: signed in. You can close this window.\n');
    server.close();
    settle(url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  const authorize = oidcUrl(endpoint, '/auth');
  authorize.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: options.scope ?? DEFAULT_USER_SCOPE,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    prompt: 'consent',
  }).toString();
  if (options.openBrowser) {
    session.transport.io.err(`Opening ${authorize.href}\nIf no browser opens, visit that URL to sign in.\n`);
    options.openBrowser(authorize.href);
  } else {
    session.transport.io.err(`To sign in, visit ${authorize.href}\n`);
  }
  const timer = setTimeout(() => server.close(), options.timeoutMs ?? 300_000);
  const url = await Promise.race([
    callback,
    new Promise<never>((_, reject) => server.on('close', () => reject(new CliError('no sign-in arrived at the loopback redirect in time', ExitCode.credentials)))),
  ]).finally(() => clearTimeout(timer));
  if (url.searchParams.get('state') !== state) throw new CliError('sign-in failed: the state returned does not match the one sent', ExitCode.credentials);
  const code = url.searchParams.get('code');
  if (!code) throw new CliError(`sign-in failed: ${url.searchParams.get('error_description') ?? url.searchParams.get('error') ?? 'no authorization code'}`, ExitCode.credentials);
  const tokens = await requestToken(
    endpoint,
    { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier },
    session.transport,
    'exchanging the authorization code',
  );
  return saveUserSession(session, storage, endpoint, tokens, { method: 'browser', clientId, scope: options.scope ?? DEFAULT_USER_SCOPE });
}

function identifierOf(username: string): { type: string; value: string } {
  if (username.includes('@')) return { type: 'email', value: username };
  if (/^\+?\d{6,}$/.test(username)) return { type: 'phone', value: username.replace(/^\+/, '') };
  return { type: 'username', value: username };
}

export interface PasswordSignIn {
  clientId: string;
  redirectUri: string;
  username: string;
  password: string;
  scope?: string;
}

/** Headless sign-in through the Experience API: start, the experience calls, finish. Stores nothing. */
export async function passwordSignIn(endpoint: URL, options: PasswordSignIn, transport: Transport): Promise<TokenResponse> {
  // prompt=consent: Logto only issues a refresh token for offline_access with it.
  const scope = options.scope ?? DEFAULT_USER_SCOPE;
  let { interaction } = await startInteraction(endpoint, { clientId: options.clientId, redirectUri: options.redirectUri, scope, prompt: 'consent' }, transport);
  const call = async (method: string, path: string, body: unknown): Promise<unknown> => {
    const url = new URL(`${endpoint.pathname.replace(/\/+$/, '')}${path}`, endpoint);
    const response = await rawRequest(method, url, { 'content-type': 'application/json', accept: 'application/json', ...interactionHeaders(interaction, url.pathname) }, JSON.stringify(body), transport);
    interaction = recordResponse(interaction, response);
    if (response.status >= 400) {
      const error = response.data as { code?: string; message?: string } | undefined;
      throw new CliError(`sign-in failed at ${method} ${path}: ${error?.code ?? `HTTP ${response.status}`}${error?.message ? `: ${error.message}` : ''}`, ExitCode.credentials);
    }
    return response.data;
  };
  await call('PUT', '/api/experience', { interactionEvent: 'SignIn' });
  const verification = (await call('POST', '/api/experience/verification/password', { identifier: identifierOf(options.username), password: options.password })) as { verificationId?: string };
  await call('POST', '/api/experience/identification', { verificationId: verification.verificationId });
  await call('POST', '/api/experience/submit', {});
  return finishInteraction(interaction as Interaction, transport);
}

/** `auth login --password`: the headless sign-in, kept as the profile's session. */
export async function loginPassword(session: Session, storage: StorageKind, endpoint: URL, options: PasswordSignIn): Promise<LoginResult> {
  const tokens = await passwordSignIn(endpoint, options, session.transport);
  return saveUserSession(session, storage, endpoint, tokens, {
    method: 'password',
    clientId: options.clientId,
    scope: options.scope ?? DEFAULT_USER_SCOPE,
    'redirect-uri': options.redirectUri,
    username: options.username,
  });
}
