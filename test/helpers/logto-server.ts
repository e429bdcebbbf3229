// A Logto stand-in on 127.0.0.1 for the auth tests: the OIDC token endpoint (client
// credentials, refresh, token exchange, authorization code with PKCE, device code),
// device authorization, /oidc/auth with interaction cookies, the experience routes of
// the password sign-in, and API routes that check what Logto 1.42 checks: the token's
// kind, the Account API's scope per route (401 auth.unauthorized), verification records,
// typed uploads (400 guard.mime_type_not_allowed), and the sign-in page's HTML for paths
// it does not route.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli';
import { startServer, type RecordedRequest, type Reply, type TestServer } from './server';

export const M2M = { id: 'm2m-app', secret: 'm2m-SECRET-canary-41f' };
export const NATIVE = { id: 'native-app', redirectUri: 'io.logto.test://callback' };
export const USER = { username: 'alice', password: 'alice-PASSWORD-canary-9d2', id: 'u_alice' };
export const PAT = 'pat-canary-7e1';

interface Interaction {
  uid: string;
  clientId: string;
  redirectUri: string;
  challenge: string;
  state: string;
  scope: string;
  prompt?: string;
  event?: string;
  verified?: boolean;
  identified?: boolean;
  submitted?: boolean;
  consented?: boolean;
  userId?: string;
}

/** What `routes` answers for Management API paths once the M2M token is checked; undefined falls through. */
export type ApiRoutes = (request: RecordedRequest) => Reply | Promise<Reply> | undefined;

export interface LogtoServer extends TestServer {
  settings: {
    m2mExpiresIn: number;
    userExpiresIn: number;
    refreshAllowed: boolean;
    /** Device flow answers before success, in order: 'authorization_pending' | 'slow_down' | 'expired_token'. */
    deviceAnswers: string[];
    accountCenterEnabled: boolean;
    /** Milliseconds the token endpoint takes to answer. */
    tokenDelayMs: number;
    verificationExpiresIn: number;
    /** API resources (besides the Management API) and the scopes the apps' roles grant there; their tokens are JWTs. */
    resources: Record<string, string[]>;
  };
  /** Users who can sign in through the experience: username → id and password. */
  users: Map<string, { id: string; password: string }>;
  tokenRequests(grantType?: string): RecordedRequest[];
}

/** The scopes Logto's OIDC provider knows (packages/toolkit/core-kit/src/openid.ts). */
const SUPPORTED_SCOPES = ['openid', 'offline_access', 'profile', 'email', 'phone', 'address', 'custom_data', 'identities', 'roles', 'urn:logto:scope:organizations', 'urn:logto:scope:organization_roles', 'urn:logto:scope:sessions'];
/** `METHOD /path-below-my-account` → the scope Logto's route code checks (packages/core/src/routes/account/*.ts). */
const ROUTE_SCOPES: [RegExp, string][] = [
  [/^PATCH \/$/, 'profile'],
  [/^PATCH \/profile$/, 'profile'],
  [/^(GET|PATCH) \/mfa-settings$/, 'identities'],
  [/^(POST|DELETE) \/primary-email$/, 'email'],
  [/^(POST|DELETE) \/primary-phone$/, 'phone'],
  [/^(GET|DELETE) \/(grants|sessions)(\/[^/]+)?$/, 'urn:logto:scope:sessions'],
  [/^\w+ \/(identities|logto-configs|mfa-verifications)(\/.*)?$/, 'identities'],
  [/^GET \/sso-identities\/[^/]+\/access-token$/, 'identities'],
];
/** Routes that also want a `logto-verification-id`. */
const SENSITIVE = [/^DELETE /, /^GET \/(grants|sessions)$/, /^POST \/(password|primary-email|primary-phone|identities)$/, /^PUT \/identities$/, /^PATCH \/mfa-settings$/, /^(POST|PUT|PATCH) \/mfa-verifications(\/totp|\/[^/]+\/name)?$/, /^GET \/mfa-verifications\/backup-codes$/];
const ALLOWED_UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/vnd.microsoft.icon', 'image/x-icon', 'image/svg+xml', 'image/tiff', 'image/webp', 'image/bmp', 'application/zip'];
const OPENAPI_DIR = join(ROOT, '..', 'shared', 'logto-openapi');
const WELL_KNOWN: Record<string, string> = {
  '/api/.well-known/management.openapi.json': 'management.json',
  '/api/.well-known/user.openapi.json': 'account.json',
  '/api/.well-known/experience.openapi.json': 'experience.json',
};

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');
const json = (status: number, body: unknown, headers: Record<string, string | string[]> = {}): Reply => ({ status, body, headers });
const oauthError = (error: string, description?: string): Reply => json(400, { error, ...(description ? { error_description: description } : {}) });
const redirect = (location: string, cookies: string[] = []): Reply => ({ status: 303, headers: { location, ...(cookies.length ? { 'set-cookie': cookies } : {}) } });

function cookies(request: RecordedRequest): Record<string, string> {
  return Object.fromEntries(
    String(request.headers.cookie ?? '')
      .split(';')
      .map((part) => part.trim().split('='))
      .filter((pair) => pair[0]),
  );
}

export async function startLogtoServer(options: { routes?: ApiRoutes } = {}): Promise<LogtoServer> {
  const server = (await startServer()) as LogtoServer;
  server.settings = { m2mExpiresIn: 3600, userExpiresIn: 3600, refreshAllowed: true, deviceAnswers: [], accountCenterEnabled: true, tokenDelayMs: 0, verificationExpiresIn: 600, resources: {} };
  server.users = new Map([[USER.username, { id: USER.id, password: USER.password }]]);
  const interactions = new Map<string, Interaction>();
  const codes = new Map<string, Interaction>();
  const accessTokens = new Map<string, { kind: 'm2m' | 'user'; expiresAt: number; scopes: Set<string> }>();
  /** Refresh token → the user it was issued to, and the scopes granted. */
  const refreshTokens = new Map<string, { userId: string; scope: string }>();
  const verifications = new Map<string, number>();
  let counter = 0;
  let deviceScope = '';
  const next = (prefix: string) => `${prefix}-${++counter}`;

  const issue = (kind: 'm2m' | 'user', expiresIn: number, scope = '') => {
    const token = next(kind === 'm2m' ? 'mgmt-token' : 'user-token');
    accessTokens.set(token, { kind, expiresAt: Date.now() + expiresIn * 1000, scopes: new Set(scope.split(' ').filter(Boolean)) });
    return token;
  };
  /** Like oidc-provider: requested scopes the provider does not know are dropped. */
  const granted = (requested: string) => requested.split(/\s+/).filter((scope) => SUPPORTED_SCOPES.includes(scope)).join(' ');
  const jwt = (claims: Record<string, unknown>) => `${b64url('{"alg":"ES384","typ":"at+jwt"}')}.${b64url(JSON.stringify(claims))}.${b64url('signature')}`;
  /** A JWT access token for an API resource, with the requested scopes the resource grants. */
  const resourceToken = (resource: string, subject: string, scope: string | undefined, clientId: string) => {
    const grantedHere = (scope ?? '').split(' ').filter((one) => server.settings.resources[resource]?.includes(one)).join(' ');
    const now = Math.floor(Date.now() / 1000);
    return jwt({ iss: `${server.url}/oidc`, sub: subject, aud: resource, client_id: clientId, scope: grantedHere, iat: now, exp: now + 3600 });
  };
  const usernameOf = (userId: string) => [...server.users].find(([, user]) => user.id === userId)?.[0];
  const userTokens = (withRefresh: boolean, requested: string, userId = USER.id, resource?: { resource: string; scope?: string }, withIdToken = true) => {
    const scope = granted(requested);
    const response: Record<string, unknown> = {
      access_token: resource ? resourceToken(resource.resource, userId, resource.scope, NATIVE.id) : issue('user', server.settings.userExpiresIn, scope),
      expires_in: server.settings.userExpiresIn,
      token_type: 'Bearer',
      scope,
      ...(withIdToken ? { id_token: `${b64url('{"alg":"none"}')}.${b64url(JSON.stringify({ sub: userId, username: usernameOf(userId) }))}.` } : {}),
    };
    if (withRefresh) {
      const refresh = next('refresh-token');
      refreshTokens.set(refresh, { userId, scope });
      response.refresh_token = refresh;
    }
    return response;
  };
  const tokenOf = (request: RecordedRequest) => accessTokens.get(/^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1] ?? '');
  const bearer = (request: RecordedRequest, kind: 'm2m' | 'user'): Reply | undefined => {
    if (!request.headers.authorization) return json(401, { code: 'auth.authorization_header_missing', message: 'Authorization header is missing.' });
    const known = tokenOf(request);
    if (!known || known.kind !== kind || known.expiresAt < Date.now()) return json(401, { code: 'auth.unauthorized', message: 'Unauthorized.', data: { code: 'ERR_JWT_EXPIRED' } });
    return undefined;
  };
  const form = (request: RecordedRequest) => Object.fromEntries(new URLSearchParams(request.body));

  const token = (request: RecordedRequest): Reply => {
    const body = form(request);
    switch (body.grant_type) {
      case 'client_credentials': {
        const basic = /^Basic (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
        const [id, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent) : [];
        if (id !== M2M.id || secret !== M2M.secret) return json(401, { error: 'invalid_client', error_description: 'client authentication failed' });
        if (server.settings.resources[body.resource]) return json(200, { access_token: resourceToken(body.resource, M2M.id, body.scope, M2M.id), expires_in: 3600, token_type: 'Bearer', scope: body.scope ?? '' });
        if (body.resource !== 'https://default.logto.app/api' || body.scope !== 'all') return oauthError('invalid_target');
        return json(200, { access_token: issue('m2m', server.settings.m2mExpiresIn, 'all'), expires_in: server.settings.m2mExpiresIn, token_type: 'Bearer', scope: 'all' });
      }
      case 'refresh_token': {
        const grant = refreshTokens.get(body.refresh_token);
        if (!server.settings.refreshAllowed || !grant || body.client_id !== NATIVE.id) return oauthError('invalid_grant', 'grant request is invalid');
        if (body.resource && !server.settings.resources[body.resource]) return oauthError('invalid_target');
        refreshTokens.delete(body.refresh_token);
        return json(200, userTokens(true, grant.scope, grant.userId, body.resource ? { resource: body.resource, scope: body.scope } : undefined));
      }
      case 'urn:ietf:params:oauth:grant-type:token-exchange':
        if (body.subject_token !== PAT || body.subject_token_type !== 'urn:logto:token-type:personal_access_token' || body.client_id !== NATIVE.id) return oauthError('invalid_grant');
        // Without `scope`, the token carries none, and the Account API answers 403 auth.forbidden. No ID token either.
        return json(200, userTokens(false, body.scope ?? '', USER.id, undefined, false));
      case 'authorization_code': {
        const interaction = codes.get(body.code);
        codes.delete(body.code);
        if (!interaction || body.client_id !== interaction.clientId || body.redirect_uri !== interaction.redirectUri) return oauthError('invalid_grant');
        if (b64url(createHash('sha256').update(body.code_verifier ?? '').digest()) !== interaction.challenge) return oauthError('invalid_grant', 'PKCE verification failed');
        return json(200, userTokens(interaction.scope.split(' ').includes('offline_access') && interaction.prompt === 'consent', interaction.scope, interaction.userId));
      }
      case 'urn:ietf:params:oauth:grant-type:device_code': {
        if (body.device_code !== 'device-code-1') return oauthError('invalid_grant');
        const answer = server.settings.deviceAnswers.shift();
        return answer ? oauthError(answer) : json(200, userTokens(true, deviceScope));
      }
      default:
        return oauthError('unsupported_grant_type');
    }
  };

  const authorize = (request: RecordedRequest): Reply => {
    const query = request.query as Record<string, string>;
    const registered = query.client_id === NATIVE.id && (query.redirect_uri === NATIVE.redirectUri || /^http:\/\/127\.0\.0\.1:\d+\/callback$/.test(query.redirect_uri));
    if (!registered) return json(400, { error: 'invalid_redirect_uri' });
    if (query.response_type !== 'code' || query.code_challenge_method !== 'S256' || !query.code_challenge || !query.state) return json(400, { error: 'invalid_request' });
    const interaction: Interaction = {
      uid: next('uid'),
      clientId: query.client_id,
      redirectUri: query.redirect_uri,
      challenge: query.code_challenge,
      state: query.state,
      scope: query.scope ?? '',
      prompt: query.prompt,
    };
    interactions.set(interaction.uid, interaction);
    // A loopback redirect is the browser flow: the test plays a user who is already signed in.
    if (query.redirect_uri.startsWith('http://127.0.0.1')) {
      const code = next('code');
      codes.set(code, interaction);
      return redirect(`${query.redirect_uri}?code=${code}&state=${encodeURIComponent(query.state)}`);
    }
    return redirect(`/sign-in?uid=${interaction.uid}`, [`_interaction=${interaction.uid}; path=/; httponly`, `_interaction.sig=sig-${interaction.uid}; path=/; httponly`]);
  };

  const resume = (request: RecordedRequest, uid: string): Reply => {
    const interaction = interactions.get(uid);
    if (!interaction || cookies(request)._interaction !== uid || !interaction.submitted) return json(400, { error: 'invalid_request', error_description: 'interaction not found' });
    if (!interaction.consented) return redirect(`/consent?app_id=${interaction.clientId}`);
    const code = next('code');
    codes.set(code, interaction);
    return redirect(`${interaction.redirectUri}?code=${code}&state=${encodeURIComponent(interaction.state)}`, [`_session=session-${uid}; path=/; httponly`]);
  };

  const experience = (request: RecordedRequest): Reply => {
    const interaction = interactions.get(cookies(request)._interaction ?? '');
    if (!interaction) return json(400, { code: 'session.not_found', message: 'Session not found.' });
    const body = (request.json ?? {}) as Record<string, unknown>;
    switch (`${request.method} ${request.pathname}`) {
      case 'PUT /api/experience':
        interaction.event = String(body.interactionEvent);
        return { status: 204 };
      case 'POST /api/experience/verification/password': {
        const identifier = body.identifier as { type?: string; value?: string } | undefined;
        const user = identifier?.type === 'username' ? server.users.get(identifier.value ?? '') : undefined;
        if (!user || body.password !== user.password) {
          return json(422, { code: 'session.invalid_credentials', message: 'Wrong username or password.' });
        }
        interaction.verified = true;
        interaction.userId = user.id;
        return json(200, { verificationId: 'verification-1' });
      }
      case 'POST /api/experience/identification':
        if (!interaction.verified || body.verificationId !== 'verification-1') return json(400, { code: 'session.verification_session_not_found', message: 'Not verified.' });
        interaction.identified = true;
        return { status: 204 };
      case 'POST /api/experience/submit':
        if (!interaction.identified) return json(400, { code: 'session.identifier_not_found', message: 'Not identified.' });
        interaction.submitted = true;
        return json(200, { redirectTo: `${server.url}/oidc/auth/${interaction.uid}` });
      default:
        return json(200, { interactionEvent: interaction.event ?? null });
    }
  };

  /** The Account API as Logto 1.42 guards it: token, scope per route, account center, verification record. */
  const account = (request: RecordedRequest): Reply => {
    const denied = bearer(request, 'user');
    if (denied) return denied;
    const { scopes } = tokenOf(request)!;
    if (scopes.size === 0) return json(403, { code: 'auth.forbidden', message: 'Forbidden.' });
    const route = `${request.method} ${request.pathname.replace(/^\/api\/my-account/, '') || '/'}`;
    const body = (request.json ?? {}) as Record<string, unknown>;
    const needed = [...ROUTE_SCOPES.filter(([pattern]) => pattern.test(route)).map(([, scope]) => scope), ...(route === 'PATCH /' && body.customData !== undefined ? ['custom_data'] : []), ...(route === 'PATCH /profile' && body.address !== undefined ? ['address'] : [])];
    if (needed.some((scope) => !scopes.has(scope))) return json(401, { code: 'auth.unauthorized', message: 'Unauthorized.' });
    if (!server.settings.accountCenterEnabled) return json(400, { code: 'account_center.not_enabled', message: 'Account center is not enabled.' });
    const verified = SENSITIVE.some((pattern) => pattern.test(route)) || (route === 'PATCH /' && body.username !== undefined);
    if (verified) {
      const expiresAt = verifications.get(String(request.headers['logto-verification-id'] ?? ''));
      if (!expiresAt || expiresAt < Date.now()) return json(401, { code: 'verification_record.permission_denied', message: 'Permission denied.' });
    }
    if (request.method === 'DELETE') return { status: 204 };
    if (route === 'GET /sessions') return json(200, { sessions: [{ id: 'session-1' }] });
    if (route === 'GET /grants') return json(200, { grants: [] });
    if (route === 'PATCH /') return json(200, { id: USER.id, username: USER.username, ...body });
    return json(200, { id: USER.id, username: USER.username });
  };

  /** POST /api/user-assets: one multipart file part, typed with an allowed image type. */
  const upload = (request: RecordedRequest): Reply => {
    const type = /content-disposition: form-data; name="file"; filename="[^"]*"\r\ncontent-type: ([^\r]+)\r\n/i.exec(request.body)?.[1];
    if (!type) return json(400, { code: 'guard.invalid_input', message: 'No file.' });
    if (!ALLOWED_UPLOAD_TYPES.includes(type)) return json(400, { code: 'guard.mime_type_not_allowed', message: `File type ${type} is not allowed.` });
    return json(200, { url: 'https://assets.example.com/logo.png' });
  };

  server.reply((request) => {
    const { method, pathname } = request;
    if (method === 'POST' && pathname === '/oidc/token') return { ...token(request), delay: server.settings.tokenDelayMs };
    if (method === 'POST' && pathname === '/oidc/device/auth') {
      if (form(request).client_id !== NATIVE.id) return oauthError('invalid_client');
      deviceScope = form(request).scope ?? '';
      return json(200, { device_code: 'device-code-1', user_code: 'WDJB-MJHT', verification_uri: `${server.url}/device`, interval: 0, expires_in: 60 });
    }
    if (method === 'GET' && pathname === '/oidc/auth') return authorize(request);
    const resumed = /^\/oidc\/auth\/([\w-]+)$/.exec(pathname);
    if (method === 'GET' && resumed) return resume(request, resumed[1]);
    if (method === 'GET' && pathname === '/consent') {
      for (const interaction of interactions.values()) if (interaction.submitted) interaction.consented = true;
      return redirect(`/oidc/auth/${cookies(request)._interaction}`);
    }
    if (pathname.startsWith('/api/experience')) return experience(request);
    if (pathname === '/api/verifications/password') {
      const denied = bearer(request, 'user');
      if (denied) return denied;
      if ((request.json as { password?: string })?.password !== USER.password) return json(422, { code: 'session.invalid_credentials', message: 'Wrong password.' });
      const id = next('vrec');
      const expiresAt = Date.now() + server.settings.verificationExpiresIn * 1000;
      verifications.set(id, expiresAt);
      return json(201, { verificationRecordId: id, expiresAt: new Date(expiresAt).toISOString() });
    }
    if (pathname.startsWith('/api/my-account')) return account(request);
    if (pathname.startsWith('/api/.well-known/')) {
      const file = WELL_KNOWN[pathname];
      return file ? { status: 200, headers: { 'content-type': 'application/json' }, body: readFileSync(join(OPENAPI_DIR, file), 'utf8') } : json(404, { code: 'route.not_found', message: 'Not found.' });
    }
    if (pathname.startsWith('/api/')) {
      const denied = bearer(request, 'm2m');
      if (denied) return denied;
      if (method === 'POST' && pathname === '/api/user-assets') return upload(request);
      const routed = options.routes?.(request);
      if (routed) return routed;
      if (method === 'GET' && pathname === '/api/users') return json(200, [{ id: 'u_bob', username: 'bob' }], { 'total-number': '1' });
      return json(200, [{ id: 'ott-1', email: 'a@b.co', status: 'active' }]);
    }
    // Logto serves its sign-in page for any other path.
    if (method === 'GET') return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!doctype html><html><head><title>Sign in</title></head><body><div id="app"></div></body></html>' };
    return json(404, { code: 'route.not_found', message: 'Not found.' });
  });

  server.tokenRequests = (grantType) =>
    server.requests.filter((request) => request.pathname === '/oidc/token' && (!grantType || new URLSearchParams(request.body).get('grant_type') === grantType));
  return server;
}
