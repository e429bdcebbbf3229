// The sign-in methods of `logto auth login`. Each ends by storing what it obtained:
// settings in config.yaml, secrets in the profile's secret store.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliError, ExitCode } from '../errors';
import { updateProfile, type LoginMethod, type Profile } from '../config/config';
import { managementResource } from './credentials';
import { DEFAULT_SCOPE, finishInteraction, interactionHeaders, recordResponse, startInteraction, type Interaction } from './experience';
import { oidcUrl, pkcePair, postForm, randomState, rawRequest, requestToken, tokenError, type TokenResponse } from './oidc';
import type { StorageKind } from './secret-store';
import { SECRET_KINDS, type Session } from './session';
import { storedToken } from './tokens';

export interface LoginResult {
  profile: string;
  endpoint: string;
  method: LoginMethod;
  subject?: string;
  expiresIn?: number;
}

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

/** Replaces the profile's secrets and settings with a new sign-in. */
async function saveLogin(session: Session, storage: StorageKind, settings: Profile, secrets: Partial<Record<(typeof SECRET_KINDS)[number], string>>): Promise<void> {
  const store = await session.secrets(storage);
  for (const kind of SECRET_KINDS) {
    const value = secrets[kind];
    if (value === undefined) await store.delete(session.secretAccount(kind));
    else await store.set(session.secretAccount(kind), value);
  }
  updateProfile(session.env, session.profileName, () => ({ ...settings, storage }));
}

export async function saveUserSession(
  session: Session,
  storage: StorageKind,
  endpoint: URL,
  tokens: TokenResponse,
  settings: { method: LoginMethod; clientId: string } & Profile,
): Promise<LoginResult> {
  const { method, clientId, ...rest } = settings;
  const subject = subjectOf(tokens);
  await saveLogin(
    session,
    storage,
    { endpoint: endpoint.href.replace(/\/$/, ''), method, 'client-id': clientId, ...rest, ...(subject ? { subject } : {}) },
    { 'token:account': storedToken(tokens), ...(tokens.refresh_token ? { 'refresh-token': tokens.refresh_token } : {}) },
  );
  return { profile: session.profileName, endpoint: endpoint.href, method, ...(subject ? { subject } : {}), expiresIn: tokens.expires_in };
}

export async function loginM2m(session: Session, storage: StorageKind, endpoint: URL, clientId: string, clientSecret: string, resource?: string): Promise<LoginResult> {
  const profile: Profile = { endpoint: endpoint.href.replace(/\/$/, ''), method: 'm2m', 'client-id': clientId, ...(resource ? { resource } : {}) };
  // Verify before saving: a wrong secret is reported now, not on the first real call.
  const tokens = await requestToken(
    endpoint,
    { grant_type: 'client_credentials', resource: managementResource(endpoint, profile), scope: 'all' },
    session.transport,
    'requesting a Management API token',
    { clientId, clientSecret },
  );
  await saveLogin(session, storage, profile, { 'client-secret': clientSecret, 'token:management': storedToken(tokens) });
  return { profile: session.profileName, endpoint: endpoint.href, method: 'm2m', subject: clientId, expiresIn: tokens.expires_in };
}

export async function loginWithToken(session: Session, storage: StorageKind, endpoint: URL, token: string): Promise<LoginResult> {
  await saveLogin(session, storage, { endpoint: endpoint.href.replace(/\/$/, ''), method: 'token' }, { 'static-token': token });
  return { profile: session.profileName, endpoint: endpoint.href, method: 'token' };
}

export async function loginPat(session: Session, storage: StorageKind, endpoint: URL, clientId: string, pat: string): Promise<LoginResult> {
  const tokens = await requestToken(
    endpoint,
    {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      client_id: clientId,
      subject_token: pat,
      subject_token_type: 'urn:logto:token-type:personal_access_token',
    },
    session.transport,
    'exchanging the personal access token',
  );
  return saveUserSession(session, storage, endpoint, tokens, { method: 'pat', clientId });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** RFC 8628: show the code, then poll at the server's pace. */
export async function loginDevice(session: Session, storage: StorageKind, endpoint: URL, clientId: string, scope = DEFAULT_SCOPE): Promise<LoginResult> {
  const { io } = session.transport;
  const { status, data } = await postForm(oidcUrl(endpoint, '/device/auth'), { client_id: clientId, scope }, session.transport);
  const device = data as { device_code?: string; user_code?: string; verification_uri?: string; verification_uri_complete?: string; interval?: number; expires_in?: number };
  if (status >= 400 || !device.device_code) throw tokenError('starting the device authorization', data, status);
  io.err(`Open ${device.verification_uri_complete ?? device.verification_uri} and enter the code ${device.user_code}\n`);
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
      return saveUserSession(session, storage, endpoint, answer.data as TokenResponse, { method: 'device', clientId });
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
    scope: options.scope ?? DEFAULT_SCOPE,
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
  return saveUserSession(session, storage, endpoint, tokens, { method: 'browser', clientId });
}

function identifierOf(username: string): { type: string; value: string } {
  if (username.includes('@')) return { type: 'email', value: username };
  if (/^\+?\d{6,}$/.test(username)) return { type: 'phone', value: username.replace(/^\+/, '') };
  return { type: 'username', value: username };
}

/** Headless sign-in through the Experience API: start, the experience calls, finish. */
export async function loginPassword(
  session: Session,
  storage: StorageKind,
  endpoint: URL,
  options: { clientId: string; redirectUri: string; username: string; password: string; scope?: string },
): Promise<LoginResult> {
  const { transport } = session;
  // prompt=consent: Logto only issues a refresh token for offline_access with it.
  let { interaction } = await startInteraction(endpoint, { clientId: options.clientId, redirectUri: options.redirectUri, scope: options.scope, prompt: 'consent' }, transport);
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
  const tokens = await finishInteraction(interaction as Interaction, transport);
  return saveUserSession(session, storage, endpoint, tokens, {
    method: 'password',
    clientId: options.clientId,
    'redirect-uri': options.redirectUri,
    username: options.username,
  });
}
