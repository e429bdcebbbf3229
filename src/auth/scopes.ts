// Which OIDC scopes Logto's Account API checks, per route. From Logto's route code
// (logto-io/logto packages/core/src/routes/account/*.ts, `scopes.has(UserScope.…)`;
// scope values in packages/toolkit/core-kit/src/openid.ts), matching the table in
// shared/logto-openapi/README.md. A missing scope answers 401 auth.unauthorized
// (403 auth.forbidden for the third-party token routes).

/** Asked for by every user sign-in unless --scope replaces it: every scope the 1.42 Account API checks. */
export const DEFAULT_USER_SCOPES = [
  'openid',
  'offline_access',
  'profile',
  'email',
  'phone',
  'address',
  'custom_data',
  'identities',
  'urn:logto:scope:sessions',
];
export const DEFAULT_USER_SCOPE = DEFAULT_USER_SCOPES.join(' ');

interface RouteScope {
  methods: string[];
  /** Path below /api/my-account. */
  path: RegExp;
  scope: string;
  /** Only when the JSON body carries this field. */
  whenBodyHas?: string;
}

const ALL = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const SESSIONS = 'urn:logto:scope:sessions';

export const ACCOUNT_ROUTE_SCOPES: RouteScope[] = [
  { methods: ['PATCH'], path: /^$/, scope: 'profile' },
  { methods: ['PATCH'], path: /^$/, scope: 'custom_data', whenBodyHas: 'customData' },
  { methods: ['PATCH'], path: /^\/profile$/, scope: 'profile' },
  { methods: ['PATCH'], path: /^\/profile$/, scope: 'address', whenBodyHas: 'address' },
  { methods: ['GET', 'PATCH'], path: /^\/mfa-settings$/, scope: 'identities' },
  { methods: ['POST', 'DELETE'], path: /^\/primary-email$/, scope: 'email' },
  { methods: ['POST', 'DELETE'], path: /^\/primary-phone$/, scope: 'phone' },
  { methods: ['GET', 'DELETE'], path: /^\/grants(\/[^/]+)?$/, scope: SESSIONS },
  { methods: ['GET', 'DELETE'], path: /^\/sessions(\/[^/]+)?$/, scope: SESSIONS },
  { methods: ALL, path: /^\/identities(\/[^/]+(\/access-token)?)?$/, scope: 'identities' },
  { methods: ['GET'], path: /^\/sso-identities\/[^/]+\/access-token$/, scope: 'identities' },
  { methods: ['GET', 'PATCH'], path: /^\/logto-configs$/, scope: 'identities' },
  { methods: ALL, path: /^\/mfa-verifications(\/.*)?$/, scope: 'identities' },
  { methods: ['GET', 'DELETE'], path: /^\/trusted-devices(\/[^/]+)?$/, scope: 'urn:logto:scope:trusted_devices' },
  { methods: ['POST'], path: /^\/user-assets\/avatar$/, scope: 'profile' },
];

/** The scopes a call needs; `path` is the request path (or template) without a query, endpoint prefix removed. */
export function scopesFor(method: string, path: string, body: unknown): string[] {
  const match = /^\/api\/my-account(\/.*)?$/.exec(path.split('?')[0]);
  if (!match) return [];
  const rest = (match[1] ?? '').replace(/\/$/, '');
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  return ACCOUNT_ROUTE_SCOPES.filter(
    (route) => route.methods.includes(method) && route.path.test(rest) && (!route.whenBodyHas || fields[route.whenBodyHas] !== undefined),
  ).map((route) => route.scope);
}

/** `--scope` replaces the default; `--add-scope` adds to whichever applies. */
export function userScope(replace: string | undefined, add: string | undefined): string {
  const base = (replace ?? DEFAULT_USER_SCOPE).split(/\s+/).filter(Boolean);
  const extra = (add ?? '').split(/[\s,]+/).filter(Boolean);
  return [...new Set([...base, ...extra])].join(' ');
}
