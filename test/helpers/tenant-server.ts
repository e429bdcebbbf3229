// A stateful stand-in for the Management API routes `logto tenant` uses, on 127.0.0.1:
// in memory, enforcing what Logto enforces (unique names and indicators, existing ids in
// references, roles only on machine-to-machine apps), with Logto's built-in entries. Every
// write body is also sent to Prism loaded with Logto's real OpenAPI document, request
// validation on: a body the document refuses fails the request, and the test with it.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Row = Record<string, unknown>;
interface Answer {
  status: number;
  body?: unknown;
  total?: number;
}

export interface RecordedWrite {
  method: string;
  path: string;
  body: unknown;
}

export interface TenantStandIn {
  url: string;
  token: string;
  /** TCP connections accepted so far: keep-alive keeps this small. */
  readonly connections: number;
  writes: RecordedWrite[];
  /** Bodies Prism refused (each also failed its request). */
  invalid: string[];
  /** Writes Prism could not judge because Logto's document cannot be satisfied (see the contract test). */
  unvalidated: string[];
  /** Answer this status to the next write matching method, path and body, once. */
  failNext(method: string, path: RegExp, status?: number, when?: (body: Row) => boolean): void;
  state: {
    resources: Row[];
    scopes: Row[];
    roles: Row[];
    rolesScopes: [string, string][];
    applications: Row[];
    applicationsRoles: [string, string][];
    hooks: Row[];
    connectors: Row[];
    ssoConnectors: Row[];
    organizationScopes: Row[];
    organizationRoles: Row[];
    organizationRolesScopes: [string, string][];
    organizationRolesResourceScopes: [string, string][];
    jwtCustomizers: Record<string, Row>;
    customProfileFields: Row[];
    signInExperience: Row;
    accountCenter: Row;
  };
  close(): Promise<void>;
}

/**
 * Request bodies Prism cannot validate: Logto's document describes custom profile fields as a
 * oneOf whose branches differ only by a literal written as `format: "\"Text\""` (listed in the
 * previous closing note). They are checked here instead, as the server would.
 */
const UNSATISFIABLE = [/^POST \/api\/custom-profile-fields$/, /^PUT \/api\/custom-profile-fields\/[^/]+$/];

/**
 * Single violations that are the document's, not the request's: Logto 1.42 documents each
 * redirect URI as an object ("Validator function") where the server takes a URL string.
 * Only these are forgiven; every other violation in the same body still fails it.
 */
const DOCUMENT_DEFECTS = [/^request\.body\.oidcClientMetadata\.(redirectUris|postLogoutRedirectUris)\.\d+: .* must be object$/];

const newId = () => randomBytes(10).toString('hex').slice(0, 21);
const error = (status: number, code: string, message: string): Answer => ({ status, body: { code, message } });
const notFound = (what: string) => error(404, 'entity.not_exists_with_id', `The ${what} does not exist.`);

export async function startTenantStandIn(options: { prism?: string; token?: string } = {}): Promise<TenantStandIn> {
  const token = options.token ?? 'stand-in-token';
  const writes: RecordedWrite[] = [];
  const invalid: string[] = [];
  const unvalidated: string[] = [];
  const failures: { method: string; path: RegExp; status: number; when?: (body: Row) => boolean }[] = [];
  const mapi = { id: 'management-api', tenantId: 'default', name: 'Logto Management API', indicator: 'https://default.logto.app/api', isDefault: false, accessTokenTtl: 3600 };
  const state: TenantStandIn['state'] = {
    resources: [mapi],
    scopes: [{ id: 'management-api-all', tenantId: 'default', resourceId: 'management-api', name: 'all', description: 'Default scope for Management API, allows all permissions.', createdAt: 1 }],
    roles: [{ id: 'mapi-access', tenantId: 'default', name: 'Logto Management API access', description: 'This default role grants access to the Logto management API.', type: 'MachineToMachine', isDefault: false }],
    rolesScopes: [['mapi-access', 'management-api-all']],
    applications: [
      { id: 'demo-app', tenantId: 'default', name: 'Live Preview', secret: 'N/A', description: 'Preview for Sign-in Experience.', type: 'SPA', oidcClientMetadata: { redirectUris: [], postLogoutRedirectUris: [] }, customClientMetadata: {}, protectedAppMetadata: null, customData: {}, isThirdParty: false, appLevelAccessControlEnabled: false, createdAt: 0 },
    ],
    applicationsRoles: [],
    hooks: [],
    connectors: [],
    ssoConnectors: [],
    organizationScopes: [],
    organizationRoles: [],
    organizationRolesScopes: [],
    organizationRolesResourceScopes: [],
    jwtCustomizers: {},
    customProfileFields: [],
    signInExperience: {
      id: 'default',
      tenantId: 'default',
      color: { primaryColor: '#6139F6', isDarkModeEnabled: false, darkPrimaryColor: '#8768F8' },
      signInMode: 'SignInAndRegister',
      passwordPolicy: { length: { min: 8, max: 256 }, characterTypes: { min: 1 }, rejects: { pwned: true, repetitionAndSequence: true, userInfo: true, words: [] } },
      mfa: { factors: [], policy: 'UserControlled' },
      customUiAssets: null,
    },
    accountCenter: { id: 'default', tenantId: 'default', enabled: false, fields: {}, webauthnRelatedOrigins: [], deleteAccountUrl: null, customCss: null, profileFields: [] },
  };

  const page = (rows: unknown[], query: URLSearchParams): Answer => {
    if (!query.has('page')) return { status: 200, body: rows };
    const size = Number(query.get('page_size') ?? 20);
    const number = Number(query.get('page'));
    return { status: 200, body: rows.slice((number - 1) * size, number * size), total: rows.length };
  };
  const byId = (rows: Row[], id: string) => rows.find((row) => row.id === id);
  const without = (rows: Row[], row: Row) => rows.splice(rows.indexOf(row), 1);
  const scopeRows = (pairs: [string, string][], owner: string) => pairs.filter(([one]) => one === owner).map(([, scope]) => byId(state.scopes, scope)!);
  const dropPairs = (pairs: [string, string][], test: (pair: [string, string]) => boolean) => {
    for (let index = pairs.length - 1; index >= 0; index--) if (test(pairs[index])) pairs.splice(index, 1);
  };
  const takeFields = (body: Row, fields: string[]) => Object.fromEntries(fields.filter((field) => body[field] !== undefined).map((field) => [field, body[field]]));
  const link = (pairs: [string, string][], owner: string, ids: unknown, exists: (id: string) => boolean, what: string, code: string): Answer | undefined => {
    for (const id of ids as string[]) {
      if (!exists(id)) return notFound(what);
      if (pairs.some(([one, two]) => one === owner && two === id)) return error(422, code, `The ${what} is already assigned.`);
    }
    for (const id of ids as string[]) pairs.push([owner, id]);
    return undefined;
  };

  function route(method: string, path: string, query: URLSearchParams, body: Row): Answer {
    const parts = path.split('/').slice(2).map(decodeURIComponent);
    const [head, id, sub, subId] = parts;
    const is = (pattern: string) => `${method} ${parts.map((_, index) => (index % 2 === 1 ? ':' : parts[index])).join('/')}` === pattern;

    // Resources and their scopes.
    if (is('GET resources')) return page(state.resources, query);
    if (is('POST resources')) {
      if (state.resources.some((row) => row.indicator === body.indicator)) return error(422, 'resource.resource_identifier_in_use', 'The resource indicator is already in use.');
      const row = { id: newId(), tenantId: 'default', isDefault: false, accessTokenTtl: 3600, ...takeFields(body, ['name', 'indicator', 'accessTokenTtl']) };
      state.resources.push(row);
      return { status: 201, body: row };
    }
    if (head === 'resources' && id) {
      const resource = byId(state.resources, id);
      if (!resource) return notFound('resource');
      if (is('PATCH resources/:')) return { status: 200, body: Object.assign(resource, takeFields(body, ['name', 'accessTokenTtl'])) };
      if (is('DELETE resources/:')) {
        const gone = new Set(state.scopes.filter((scope) => scope.resourceId === id).map((scope) => scope.id as string));
        without(state.resources, resource);
        state.scopes = state.scopes.filter((scope) => !gone.has(scope.id as string));
        dropPairs(state.rolesScopes, ([, scope]) => gone.has(scope));
        dropPairs(state.organizationRolesResourceScopes, ([, scope]) => gone.has(scope));
        return { status: 204 };
      }
      const scopes = state.scopes.filter((scope) => scope.resourceId === id);
      if (is('GET resources/:/scopes')) return page(scopes, query);
      if (is('POST resources/:/scopes')) {
        if (scopes.some((scope) => scope.name === body.name)) return error(422, 'scope.name_exists', 'The scope name already exists.');
        const row = { id: newId(), tenantId: 'default', resourceId: id, name: body.name, description: body.description ?? null, createdAt: Date.now() };
        state.scopes.push(row);
        return { status: 201, body: row };
      }
      const scope = scopes.find((one) => one.id === subId);
      if (sub === 'scopes' && !scope) return notFound('scope');
      if (is('PATCH resources/:/scopes/:')) return { status: 200, body: Object.assign(scope!, takeFields(body, ['name', 'description'])) };
      if (is('DELETE resources/:/scopes/:')) {
        without(state.scopes, scope!);
        dropPairs(state.rolesScopes, ([, one]) => one === subId);
        dropPairs(state.organizationRolesResourceScopes, ([, one]) => one === subId);
        return { status: 204 };
      }
    }

    // Roles and their scopes.
    if (is('GET roles')) return page(state.roles, query);
    if (is('POST roles')) {
      if (state.roles.some((row) => row.name === body.name)) return error(422, 'role.name_in_use', `The role name ${String(body.name)} is already in use`);
      const row = { id: newId(), tenantId: 'default', type: 'User', isDefault: false, ...takeFields(body, ['name', 'description', 'type', 'isDefault']) };
      const scopeIds = (body.scopeIds as string[] | undefined) ?? [];
      if (scopeIds.some((scope) => !byId(state.scopes, scope))) return notFound('scope');
      state.roles.push(row);
      for (const scope of scopeIds) state.rolesScopes.push([row.id, scope]);
      return { status: 200, body: row };
    }
    if (head === 'roles' && id) {
      const role = byId(state.roles, id);
      if (!role) return notFound('role');
      if (is('PATCH roles/:')) {
        if (body.name !== undefined && state.roles.some((row) => row.name === body.name && row !== role)) return error(422, 'role.name_in_use', 'The role name is already in use');
        return { status: 200, body: Object.assign(role, takeFields(body, ['name', 'description', 'isDefault'])) };
      }
      if (is('DELETE roles/:')) {
        without(state.roles, role);
        dropPairs(state.rolesScopes, ([one]) => one === id);
        dropPairs(state.applicationsRoles, ([, one]) => one === id);
        return { status: 204 };
      }
      if (is('GET roles/:/scopes')) return page(scopeRows(state.rolesScopes, id).map((scope) => ({ ...scope, resource: byId(state.resources, scope.resourceId as string) })), query);
      if (is('POST roles/:/scopes')) {
        if (role.type === 'User' && (body.scopeIds as string[]).some((scope) => byId(state.scopes, scope)?.resourceId === 'management-api')) {
          return error(422, 'role.management_api_scopes_not_assignable_to_user_role', 'Management API scopes cannot be assigned to a user role.');
        }
        return link(state.rolesScopes, id, body.scopeIds, (scope) => Boolean(byId(state.scopes, scope)), 'scope', 'role.scope_exists') ?? { status: 201, body: scopeRows(state.rolesScopes, id) };
      }
      if (is('DELETE roles/:/scopes/:')) {
        if (!state.rolesScopes.some(([one, two]) => one === id && two === subId)) return notFound('scope');
        dropPairs(state.rolesScopes, ([one, two]) => one === id && two === subId);
        return { status: 204 };
      }
    }

    // Organization template.
    if (is('GET organization-scopes')) return page(state.organizationScopes, query);
    if (is('POST organization-scopes')) {
      if (state.organizationScopes.some((row) => row.name === body.name)) return error(422, 'entity.unique_integrity_violation', 'The entity already exists.');
      const row = { id: newId(), tenantId: 'default', name: body.name, description: body.description ?? null };
      state.organizationScopes.push(row);
      return { status: 201, body: row };
    }
    if (head === 'organization-scopes' && id) {
      const scope = byId(state.organizationScopes, id);
      if (!scope) return notFound('organization scope');
      if (is('PATCH organization-scopes/:')) return { status: 200, body: Object.assign(scope, takeFields(body, ['name', 'description'])) };
      if (is('DELETE organization-scopes/:')) {
        without(state.organizationScopes, scope);
        dropPairs(state.organizationRolesScopes, ([, one]) => one === id);
        return { status: 204 };
      }
    }
    if (is('GET organization-roles')) return page(state.organizationRoles, query);
    if (is('POST organization-roles')) {
      if (state.organizationRoles.some((row) => row.name === body.name)) return error(422, 'entity.unique_integrity_violation', 'The entity already exists.');
      const organizationScopeIds = body.organizationScopeIds as string[];
      const resourceScopeIds = body.resourceScopeIds as string[];
      if (organizationScopeIds.some((scope) => !byId(state.organizationScopes, scope))) return notFound('organization scope');
      if (resourceScopeIds.some((scope) => !byId(state.scopes, scope))) return notFound('scope');
      const row = { id: newId(), tenantId: 'default', name: body.name, description: body.description ?? null, type: body.type ?? 'User' };
      state.organizationRoles.push(row);
      for (const scope of organizationScopeIds) state.organizationRolesScopes.push([row.id, scope]);
      for (const scope of resourceScopeIds) state.organizationRolesResourceScopes.push([row.id, scope]);
      return { status: 201, body: row };
    }
    if (head === 'organization-roles' && id) {
      const role = byId(state.organizationRoles, id);
      if (!role) return notFound('organization role');
      if (is('PATCH organization-roles/:')) return { status: 200, body: Object.assign(role, takeFields(body, ['name', 'description', 'type'])) };
      if (is('DELETE organization-roles/:')) {
        without(state.organizationRoles, role);
        dropPairs(state.organizationRolesScopes, ([one]) => one === id);
        dropPairs(state.organizationRolesResourceScopes, ([one]) => one === id);
        return { status: 204 };
      }
      const pairs = sub === 'scopes' ? state.organizationRolesScopes : state.organizationRolesResourceScopes;
      const table = sub === 'scopes' ? state.organizationScopes : state.scopes;
      if (is(`GET organization-roles/:/${sub}`)) return page(pairs.filter(([one]) => one === id).map(([, scope]) => byId(table, scope)), query);
      if (is(`POST organization-roles/:/${sub}`)) {
        const ids = sub === 'scopes' ? body.organizationScopeIds : body.scopeIds;
        return link(pairs, id, ids, (scope) => Boolean(byId(table, scope)), 'scope', 'entity.unique_integrity_violation') ?? { status: 201 };
      }
      if (is(`DELETE organization-roles/:/${sub}/:`)) {
        if (!pairs.some(([one, two]) => one === id && two === subId)) return notFound('scope');
        dropPairs(pairs, ([one, two]) => one === id && two === subId);
        return { status: 204 };
      }
    }

    // Applications and their roles.
    if (is('GET applications')) return page(state.applications, query);
    if (is('POST applications')) {
      const row = {
        id: newId(),
        tenantId: 'default',
        secret: `secret-${newId()}`,
        description: null,
        oidcClientMetadata: { redirectUris: [], postLogoutRedirectUris: [] },
        customClientMetadata: {},
        protectedAppMetadata: null,
        customData: {},
        isThirdParty: false,
        appLevelAccessControlEnabled: false,
        createdAt: Date.now(),
        ...takeFields(body, ['name', 'description', 'type', 'oidcClientMetadata', 'customClientMetadata', 'customData', 'isThirdParty']),
      };
      state.applications.push(row);
      return { status: 200, body: row };
    }
    if (head === 'applications' && id) {
      const application = byId(state.applications, id);
      if (!application) return notFound('application');
      if (is('PATCH applications/:')) {
        return { status: 200, body: Object.assign(application, takeFields(body, ['name', 'description', 'oidcClientMetadata', 'customClientMetadata', 'customData', 'appLevelAccessControlEnabled'])) };
      }
      if (is('DELETE applications/:')) {
        without(state.applications, application);
        dropPairs(state.applicationsRoles, ([one]) => one === id);
        return { status: 204 };
      }
      if (sub === 'roles' && application.type !== 'MachineToMachine') return error(422, 'application.invalid_type', 'Only machine-to-machine applications can have roles.');
      if (is('GET applications/:/roles')) return page(state.applicationsRoles.filter(([one]) => one === id).map(([, role]) => byId(state.roles, role)), query);
      if (is('POST applications/:/roles')) {
        if ((body.roleIds as string[]).some((role) => byId(state.roles, role)?.type === 'User')) return error(422, 'application.invalid_role_type', 'Can not assign user type role to machine to machine application.');
        return link(state.applicationsRoles, id, body.roleIds, (role) => Boolean(byId(state.roles, role)), 'role', 'application.role_exists') ?? { status: 201 };
      }
      if (is('DELETE applications/:/roles/:')) {
        if (!state.applicationsRoles.some(([one, two]) => one === id && two === subId)) return notFound('role');
        dropPairs(state.applicationsRoles, ([one, two]) => one === id && two === subId);
        return { status: 204 };
      }
    }

    // Webhooks, connectors, SSO connectors.
    const plain = (
      name: 'hooks' | 'connectors' | 'sso-connectors',
      rows: Row[],
      create: (body: Row) => Row | Answer,
      updatable: string[],
    ): Answer | undefined => {
      if (is(`GET ${name}`)) return page(rows, query);
      if (is(`POST ${name}`)) {
        const row = create(body);
        if ('status' in row && typeof row.status === 'number') return row as Answer;
        rows.push(row);
        return { status: name === 'hooks' ? 201 : 200, body: row };
      }
      if (head !== name || !id) return undefined;
      const row = byId(rows, id);
      if (!row) return notFound(name);
      if (is(`PATCH ${name}/:`)) {
        if (name === 'sso-connectors' && body.connectorName !== undefined && rows.some((one) => one.connectorName === body.connectorName && one !== row)) {
          return error(409, 'single_sign_on.duplicate_connector_name', 'The connector name already exists.');
        }
        return { status: 200, body: Object.assign(row, takeFields(body, updatable)) };
      }
      if (is(`DELETE ${name}/:`)) {
        without(rows, row);
        return { status: 204 };
      }
      return undefined;
    };
    const hooks = plain(
      'hooks',
      state.hooks,
      (input) => ({ id: newId(), tenantId: 'default', name: '', event: null, events: [], enabled: true, signingKey: newId(), createdAt: Date.now(), ...takeFields(input, ['name', 'events', 'config', 'enabled']) }),
      ['name', 'events', 'config', 'enabled'],
    );
    if (hooks) return hooks;
    const connectors = plain(
      'connectors',
      state.connectors,
      (input) => ({ id: newId(), syncProfile: false, enableTokenStorage: false, config: {}, metadata: {}, target: String(input.connectorId), ...takeFields(input, ['connectorId', 'config', 'metadata', 'syncProfile', 'enableTokenStorage']) }),
      ['config', 'metadata', 'syncProfile', 'enableTokenStorage'],
    );
    if (connectors) return connectors;
    const sso = plain(
      'sso-connectors',
      state.ssoConnectors,
      (input) =>
        state.ssoConnectors.some((row) => row.connectorName === input.connectorName)
          ? error(409, 'single_sign_on.duplicate_connector_name', 'The connector name already exists.')
          : { id: newId(), tenantId: 'default', config: {}, domains: [], branding: {}, syncProfile: false, enableTokenStorage: false, createdAt: Date.now(), ...takeFields(input, ['providerName', 'connectorName', 'config', 'domains', 'branding', 'syncProfile', 'enableTokenStorage']) },
      ['connectorName', 'config', 'domains', 'branding', 'syncProfile', 'enableTokenStorage'],
    );
    if (sso) return sso;

    // JWT customizers, custom profile fields, singletons.
    const tokenKeys: Record<string, string> = { 'access-token': 'jwt.accessToken', 'client-credentials': 'jwt.clientCredentials' };
    if (method === 'GET' && path === '/api/configs/jwt-customizer') return { status: 200, body: Object.entries(state.jwtCustomizers).map(([key, value]) => ({ key, value })) };
    if (head === 'configs' && id === 'jwt-customizer' && sub) {
      const key = tokenKeys[sub];
      if (!key) return error(400, 'guard.invalid_input', 'Unknown token type.');
      if (method === 'PUT') {
        const created = !state.jwtCustomizers[key];
        state.jwtCustomizers[key] = takeFields(body, ['script', 'environmentVariables', 'contextSample', 'tokenSample', 'blockIssuanceOnError']);
        return { status: created ? 201 : 200, body: state.jwtCustomizers[key] };
      }
      if (method === 'DELETE') {
        if (!state.jwtCustomizers[key]) return notFound('JWT customizer');
        delete state.jwtCustomizers[key];
        return { status: 204 };
      }
    }
    if (is('GET custom-profile-fields')) return { status: 200, body: state.customProfileFields };
    if (is('POST custom-profile-fields')) {
      if (typeof body.name !== 'string' || typeof body.type !== 'string' || typeof body.required !== 'boolean') return error(400, 'guard.invalid_input', 'name, type and required are required.');
      if (state.customProfileFields.some((row) => row.name === body.name)) return error(422, 'custom_profile_fields.name_exists', 'The field name already exists.');
      const row = { id: newId(), tenantId: 'default', label: '', description: null, config: {}, createdAt: Date.now(), sieOrder: state.customProfileFields.length + 1, ...takeFields(body, ['name', 'type', 'label', 'description', 'required', 'config']) };
      state.customProfileFields.push(row);
      return { status: 201, body: row };
    }
    if (head === 'custom-profile-fields' && id) {
      const field = state.customProfileFields.find((row) => row.name === id);
      if (!field) return error(404, 'custom_profile_fields.entity_not_exists_with_name', 'The field does not exist.');
      if (method === 'PUT') {
        if (body.name !== undefined) return error(400, 'guard.invalid_input', 'The name is in the path.');
        return { status: 200, body: Object.assign(field, takeFields(body, ['type', 'label', 'description', 'required', 'config'])) };
      }
      if (method === 'DELETE') {
        without(state.customProfileFields, field);
        return { status: 204 };
      }
    }
    if (is('GET sign-in-exp')) return { status: 200, body: state.signInExperience };
    if (is('PATCH sign-in-exp')) return { status: 200, body: Object.assign(state.signInExperience, body) };
    if (is('GET account-center')) return { status: 200, body: state.accountCenter };
    if (is('PATCH account-center')) return { status: 200, body: Object.assign(state.accountCenter, body) };
    return error(404, 'guard.not_found', `${method} ${path} is not part of the stand-in`);
  }

  /** Prism, loaded with Logto's document: a 4xx means the body breaks the description; its `sl-violations` header says where. */
  async function validate(method: string, url: string, text: string): Promise<string | undefined> {
    const target = `${method} ${url.split('?')[0]}`;
    if (UNSATISFIABLE.some((pattern) => pattern.test(target))) {
      unvalidated.push(target);
      return undefined;
    }
    const response = await fetch(`${options.prism}${url}`, { method, headers: { 'content-type': 'application/json', authorization: 'Bearer prism' }, body: text || undefined });
    await response.text();
    if (response.status < 400 || response.status >= 500) return undefined;
    const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]') as { location: string[]; message: string }[];
    const real = violations.filter((violation) => {
      const defect = DOCUMENT_DEFECTS.find((one) => one.test(`${violation.location.join('.')}: ${violation.message}`));
      if (defect) unvalidated.push(`${target}: ${violation.location.join('.')}`);
      return !defect;
    });
    if (violations.length > 0 && real.length === 0) return undefined;
    return `${target} ${text}: Prism ${response.status} ${JSON.stringify(real.length > 0 ? real : violations)}`;
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      const send = (answer: Answer) => {
        const headers: Record<string, string> = answer.body === undefined ? {} : { 'content-type': 'application/json' };
        if (answer.total !== undefined) headers['total-number'] = String(answer.total);
        res.writeHead(answer.status, headers);
        res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      };
      // Any M2M app gets the stand-in's token: the client-credentials grant, as `auth login --m2m` asks for it.
      if (method === 'POST' && url.pathname === '/oidc/token' && new URLSearchParams(text).get('grant_type') === 'client_credentials' && req.headers.authorization?.startsWith('Basic ')) {
        return send({ status: 200, body: { access_token: token, expires_in: 3600, token_type: 'Bearer', scope: 'all' } });
      }
      if (req.headers.authorization !== `Bearer ${token}`) return send(error(401, 'auth.unauthorized', 'Unauthorized'));
      let body: Row = {};
      try {
        body = text ? (JSON.parse(text) as Row) : {};
      } catch {
        return send(error(400, 'guard.invalid_input', 'Body is not JSON'));
      }
      if (method !== 'GET') {
        writes.push({ method, path: url.pathname, body: text ? body : undefined });
        const failure = failures.findIndex((one) => one.method === method && one.path.test(url.pathname) && (one.when?.(body) ?? true));
        if (failure >= 0) {
          const [{ status }] = failures.splice(failure, 1);
          return send(error(status, 'stand_in.injected_failure', 'Injected failure'));
        }
        if (options.prism) {
          const problem = await validate(method, `${url.pathname}${url.search}`, text);
          if (problem) {
            invalid.push(problem);
            return send(error(400, 'guard.invalid_input', problem));
          }
        }
      }
      send(route(method, url.pathname, url.searchParams, body));
    });
  });
  let connections = 0;
  server.on('connection', () => void (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    get connections() {
      return connections;
    },
    url: `http://127.0.0.1:${port}`,
    token,
    writes,
    invalid,
    unvalidated,
    state,
    failNext: (method, path, status = 500, when) => void failures.push({ method, path, status, when }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
