// The Management API routes behind the live tools, as Logto 1.42 answers them (routes/log.ts,
// routes/hook.ts, queries/log.ts, middleware/koa-pagination.ts): audit logs newest first by
// offset with Total-Number, Total-Number-Is-Capped and Link headers; hooks with signing keys;
// deliveries signed with logto-signature-sha-256 (hex HMAC-SHA256 of the JSON body) and
// logged as TriggerHook.<event>; users (who can then sign in) and roles.
import { createHmac, randomBytes } from 'node:crypto';
import type { ApiRoutes, LogtoServer } from './logto-server';
import type { RecordedRequest, Reply } from './server';

export interface LogRecord {
  tenantId: string;
  id: string;
  key: string;
  payload: Record<string, unknown> & { key: string; result: 'Success' | 'Error' };
  createdAt: number;
}

export interface HookRecord {
  tenantId: string;
  id: string;
  name: string;
  event: null;
  events: string[];
  config: { url: string; headers?: Record<string, string> };
  signingKey: string;
  enabled: boolean;
  createdAt: number;
}

export const ROLES = [
  { id: 'role-editor', name: 'editor', type: 'User', description: 'Edits things' },
  { id: 'role-robot', name: 'robot', type: 'MachineToMachine', description: 'For apps' },
];

const AUDIT_PREFIXES = ['ExchangeTokenBy', 'RevokeToken', 'RevokeGrants', 'Interaction', 'JwtCustomizer', 'SAML', 'Action', 'Unknown'];
const MAX_PAGE_SIZE = 100;
const id = () => randomBytes(16).toString('base64url').replace(/[-_]/g, '').slice(0, 12).toLowerCase();
const json = (status: number, body: unknown, headers: Record<string, string | string[]> = {}): Reply => ({ status, body, headers });
const notFound = (what: string) => json(404, { code: 'entity.not_exists_with_id', message: `The ${what} with the given ID does not exist.` });
const sign = (key: string, body: string) => createHmac('sha256', key).update(body).digest('hex');

export interface Delivery {
  hookId: string;
  status?: number;
  error?: string;
}

export function createLiveTenant() {
  let server: LogtoServer | undefined;
  const state = {
    logs: [] as LogRecord[],
    hooks: new Map<string, HookRecord>(),
    users: new Map<string, { id: string; username: string }>(),
    userRoles: new Map<string, string[]>(),
    /** Counts above this are capped when enableCap=true (Logto: 10,000). */
    capAt: 10_000,
    /** Called before each GET /api/logs page is answered: a test inserts entries mid-paging here, or answers instead. */
    beforeLogsPage: undefined as ((page: number) => Reply | void) | undefined,
  };

  const addLog = (key: string, createdAt: number, payload: Record<string, unknown> = {}): LogRecord => {
    const record: LogRecord = { tenantId: 'default', id: id(), key, payload: { key, result: 'Success', ...payload }, createdAt };
    state.logs.push(record);
    return record;
  };

  /** koa-pagination: page/page_size, then Total-Number, Total-Number-Is-Capped and Link headers. */
  const paged = (request: RecordedRequest, matching: LogRecord[] | HookRecord[] | object[]): Reply => {
    const query = request.query as Record<string, string>;
    const page = query.page === undefined ? 1 : Number(query.page);
    const size = query.page_size === undefined ? 20 : Number(query.page_size);
    if (!(page > 0) || !(size > 0) || size > MAX_PAGE_SIZE || !Number.isInteger(page) || !Number.isInteger(size)) {
      return json(400, { code: 'guard.invalid_pagination', message: 'The pagination value is not valid.' });
    }
    const capped = query.enableCap === 'true' && matching.length > state.capAt;
    const total = capped ? state.capAt + 1 : matching.length;
    const link = (to: number, rel: string) => `<${request.pathname.replace(/^\/api/, '')}?page=${to}&page_size=${size}>; rel="${rel}"`;
    const lastPage = Math.ceil(total / size) || 1;
    const links = [link(1, 'first'), ...(page > 1 ? [link(page - 1, 'prev')] : []), ...(capped ? [] : [link(lastPage, 'last'), ...(page < lastPage ? [link(page + 1, 'next')] : [])])];
    return json(200, matching.slice((page - 1) * size, page * size), {
      'total-number': String(total),
      ...(capped ? { 'total-number-is-capped': 'true' } : {}),
      link: links,
    });
  };

  /** queries/log.ts: key prefixes, payload fields, inclusive time bounds, newest first. */
  const findLogs = (request: RecordedRequest, prefixes: string[], payload: Record<string, string | undefined>): LogRecord[] | Reply => {
    const query = request.query as Record<string, string>;
    for (const bound of ['start_time', 'end_time']) {
      if (query[bound] !== undefined && !/^\d+$/.test(query[bound])) return json(400, { code: 'guard.invalid_input', message: `Invalid ${bound}.` });
    }
    const start = query.start_time === undefined ? undefined : Number(query.start_time);
    const end = query.end_time === undefined ? undefined : Number(query.end_time);
    if (start !== undefined && end !== undefined && start > end) return json(400, { code: 'guard.invalid_input', message: 'start_time is after end_time.' });
    return state.logs
      .filter((log) => prefixes.some((prefix) => log.key.startsWith(prefix)))
      .filter((log) => Object.entries(payload).every(([key, value]) => !value || log.payload[key] === value))
      .filter((log) => (!query.logKey || log.key === query.logKey) && (start === undefined || log.createdAt >= start) && (end === undefined || log.createdAt <= end))
      .map((log, index) => ({ log, index }))
      .sort((a, b) => b.log.createdAt - a.log.createdAt || b.index - a.index)
      .map(({ log }) => log);
  };

  /** libraries/hook: POST the JSON payload, signed, with the hook's headers; 10 s timeout. */
  const deliver = async (hook: HookRecord, config: HookRecord['config'], payload: Record<string, unknown>): Promise<Delivery & { body?: string }> => {
    const body = JSON.stringify(payload);
    try {
      const response = await fetch(config.url, {
        method: 'POST',
        headers: { 'user-agent': 'Logto (https://logto.io/)', ...config.headers, 'content-type': 'application/json', 'logto-signature-sha-256': sign(hook.signingKey, body) },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      return { hookId: hook.id, status: response.status, body: await response.text() };
    } catch (error) {
      return { hookId: hook.id, error: String(error) };
    }
  };

  /** A real event: every enabled hook subscribed to it gets a delivery, logged as TriggerHook.<event>. */
  const fire = async (event: string, data: Record<string, unknown> = {}): Promise<Delivery[]> => {
    const hooks = [...state.hooks.values()].filter((hook) => hook.enabled && hook.events.includes(event));
    return Promise.all(
      hooks.map(async (hook) => {
        const payload = { event, createdAt: new Date().toISOString(), ...data, hookId: hook.id };
        const result = await deliver(hook, hook.config, payload);
        const ok = result.status !== undefined && result.status < 300;
        addLog(`TriggerHook.${event}`, Date.now(), {
          result: ok ? 'Success' : 'Error',
          hookId: hook.id,
          hookRequest: { body: payload },
          ...(result.status !== undefined ? { response: { statusCode: result.status, body: result.body } } : {}),
          ...(ok ? {} : { error: result.error ?? `HTTPError: Request failed with status code ${result.status}` }),
        });
        return { hookId: hook.id, status: result.status, error: result.error };
      }),
    );
  };

  const hookRoutes = async (request: RecordedRequest): Promise<Reply | undefined> => {
    const { method, pathname } = request;
    const body = (request.json ?? {}) as Record<string, unknown>;
    if (pathname === '/api/hooks' && method === 'GET') return paged(request, [...state.hooks.values()]);
    if (pathname === '/api/hooks' && method === 'POST') {
      const events = body.events as string[] | undefined;
      const config = body.config as HookRecord['config'] | undefined;
      if (!config?.url) return json(400, { code: 'guard.invalid_input', message: 'config.url is required.' });
      if (!events?.length) return json(400, { code: 'hook.missing_events', message: 'You need to provide at least one event.' });
      const hook: HookRecord = { tenantId: 'default', id: id(), name: String(body.name ?? ''), event: null, events, config, signingKey: randomBytes(24).toString('base64url'), enabled: body.enabled !== false, createdAt: Date.now() };
      state.hooks.set(hook.id, hook);
      return json(201, hook);
    }
    const match = /^\/api\/hooks\/([^/]+)(\/recent-logs|\/test)?$/.exec(pathname);
    if (!match) return undefined;
    const hook = state.hooks.get(decodeURIComponent(match[1]));
    if (!hook) return notFound('hook');
    if (!match[2] && method === 'GET') return json(200, hook);
    if (!match[2] && method === 'DELETE') {
      state.hooks.delete(hook.id);
      return { status: 204 };
    }
    if (match[2] === '/recent-logs' && method === 'GET') {
      const query = request.query as Record<string, string>;
      const explicit = query.start_time !== undefined || query.end_time !== undefined;
      const found = findLogs(explicit ? request : { ...request, query: { ...query, start_time: String(Date.now() - 86_400_000) } }, ['TriggerHook'], { hookId: hook.id });
      return Array.isArray(found) ? paged(request, found.map(({ tenantId: _tenant, ...log }) => log)) : found;
    }
    if (match[2] === '/test' && method === 'POST') {
      const events = body.events as string[] | undefined;
      const config = body.config as HookRecord['config'] | undefined;
      if (!events?.length || !config?.url) return json(400, { code: 'guard.invalid_input', message: 'events and config are required.' });
      for (const event of events) {
        const result = await deliver(hook, config, { event, hookId: hook.id, createdAt: new Date().toISOString(), userAgent: 'fake-user-agent', userId: 'fake-id' });
        if (result.status === undefined) return json(422, { code: 'hook.send_test_payload_failed', message: result.error });
        if (result.status >= 300) {
          return json(422, { code: 'hook.endpoint_responded_with_error', message: 'The endpoint responded with an error.', data: { responseStatus: result.status, responseBody: result.body } });
        }
      }
      return { status: 204 };
    }
    return undefined;
  };

  const userRoutes = async (request: RecordedRequest): Promise<Reply | undefined> => {
    const { method, pathname } = request;
    const body = (request.json ?? {}) as Record<string, unknown>;
    if (pathname === '/api/roles' && method === 'GET') return paged(request, ROLES);
    if (pathname === '/api/users' && method === 'POST') {
      const username = String(body.username ?? '');
      if (!/^[A-Z_a-z]\w*$/.test(username)) return json(400, { code: 'guard.invalid_input', message: 'Invalid username.' });
      if (server!.users.has(username)) return json(422, { code: 'user.username_already_in_use', message: 'This username is already in use.' });
      const user = { id: id(), username, name: body.name ?? null, primaryEmail: null, createdAt: Date.now() };
      server!.users.set(username, { id: user.id, password: String(body.password ?? '') });
      state.users.set(user.id, { id: user.id, username });
      await fire('User.Created', { data: user, path: '/users', method: 'POST', status: 201 });
      return json(200, user);
    }
    const match = /^\/api\/users\/([^/]+)(\/roles)?$/.exec(pathname);
    if (!match) return undefined;
    const user = state.users.get(decodeURIComponent(match[1]));
    if (!user) return notFound('user');
    if (!match[2] && method === 'DELETE') {
      state.users.delete(user.id);
      server!.users.delete(user.username);
      return { status: 204 };
    }
    if (match[2] && method === 'POST') {
      const roleIds = body.roleIds as string[] | undefined;
      if (!roleIds?.every((roleId) => ROLES.some((role) => role.id === roleId && role.type === 'User'))) return json(422, { code: 'user.invalid_role_type', message: 'Invalid role.' });
      state.userRoles.set(user.id, [...(state.userRoles.get(user.id) ?? []), ...roleIds]);
      return { status: 201 };
    }
    return undefined;
  };

  const routes: ApiRoutes = (request) => {
    const { method, pathname } = request;
    if (pathname === '/api/logs' && method === 'GET') {
      const query = request.query as Record<string, string>;
      const instead = state.beforeLogsPage?.(Number(query.page ?? 1));
      if (instead) return instead;
      const found = findLogs(request, AUDIT_PREFIXES, { userId: query.userId, applicationId: query.applicationId });
      return Array.isArray(found) ? paged(request, found) : found;
    }
    const logId = /^\/api\/logs\/([^/]+)$/.exec(pathname)?.[1];
    if (logId && method === 'GET') {
      const log = state.logs.find((one) => one.id === decodeURIComponent(logId));
      return log ? json(200, log) : notFound('log');
    }
    if (pathname.startsWith('/api/hooks')) return hookRoutes(request).then((reply) => reply ?? json(404, { code: 'route.not_found', message: 'Not found.' }));
    if (pathname.startsWith('/api/users') || pathname === '/api/roles') return userRoutes(request).then((reply) => reply ?? json(404, { code: 'route.not_found', message: 'Not found.' }));
    return undefined;
  };

  return {
    state,
    routes,
    addLog,
    fire,
    sign,
    attach: (logto: LogtoServer) => {
      server = logto;
    },
  };
}
