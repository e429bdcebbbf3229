// API calls for hand-written commands that use the answer rather than print it
// (logs tail, hooks listen, test user): the credential follows the path as everywhere,
// idempotent methods are retried, Logto's error answers become CliErrors, and lists are
// paged by the same loop as --all.
import type { Session } from '../auth/session';
import { authFor } from '../auth/tokens';
import type { HttpRequest } from '../request/build';
import { DEFAULT_RETRIES, sendWithRetries } from '../request/retry';
import { serverError, type HttpResponse } from '../request/send';
import { DEFAULT_PAGE_SIZE, maxPages, paginate } from './paginate';

export interface ApiCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under the endpoint, segments already encoded (encodePathValue): `/api/hooks/abc`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

function apiRequest(session: Session, call: ApiCall): HttpRequest {
  const endpoint = session.endpoint();
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(call.query ?? {})) if (value !== undefined) query.set(name, String(value));
  return {
    method: call.method,
    origin: endpoint.origin,
    path: `${endpoint.pathname.replace(/\/+$/, '')}${call.path}${query.size > 0 ? `?${query.toString()}` : ''}`,
    headers: { accept: 'application/json', ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
  };
}

async function sendApi(session: Session, call: ApiCall, request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
  const auth = await authFor(session, call.path);
  const retry = { allowed: call.method === 'GET' || call.method === 'PUT' || call.method === 'DELETE', retries: DEFAULT_RETRIES };
  const response = await sendWithRetries({ ...request, headers: { ...request.headers, ...auth.headers } }, { ...session.transport, signal }, retry);
  if (response.status >= 400) throw serverError(response.status, response.data);
  return response;
}

export async function callApi(session: Session, call: ApiCall, signal?: AbortSignal): Promise<HttpResponse> {
  return sendApi(session, call, apiRequest(session, call), signal);
}

/**
 * Every item of a paged list (`page`/`page_size`), up to `limit`, through paginate and its guards:
 * a server that ignores paging or never runs out is an error, not an endless loop. Also the first
 * page's response, for its headers.
 */
export async function listAll(
  session: Session,
  list: { path: string; query?: ApiCall['query'] },
  options: { limit?: number; pageSize?: number; signal?: AbortSignal } = {},
): Promise<{ items: unknown[]; first?: HttpResponse }> {
  const call: ApiCall = { method: 'GET', ...list };
  const items: unknown[] = [];
  let first: HttpResponse | undefined;
  const collect = { write: async (page: unknown[]) => void items.push(...page), end: async () => undefined };
  const paging = { page: 1, pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE, limit: options.limit, maxPages: maxPages(session.env), signal: options.signal, what: `listing ${list.path}` };
  const fetchPage = async (request: HttpRequest) => {
    const response = await sendApi(session, call, request, options.signal);
    first ??= response;
    return response;
  };
  await paginate(apiRequest(session, call), paging, fetchPage, collect);
  return { items, first };
}
