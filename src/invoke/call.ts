// One API call for hand-written commands that use the answer rather than print it
// (logs tail, hooks listen, test user): the credential follows the path as everywhere,
// idempotent methods are retried, and Logto's error answers become CliErrors.
import type { Session } from '../auth/session';
import { authFor } from '../auth/tokens';
import type { HttpRequest } from '../request/build';
import { DEFAULT_RETRIES, sendWithRetries } from '../request/retry';
import { serverError, type HttpResponse } from '../request/send';

export interface ApiCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under the endpoint, segments already encoded (encodePathValue): `/api/hooks/abc`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

export async function callApi(session: Session, call: ApiCall, signal?: AbortSignal): Promise<HttpResponse> {
  const endpoint = session.endpoint();
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(call.query ?? {})) if (value !== undefined) query.set(name, String(value));
  const request: HttpRequest = {
    method: call.method,
    origin: endpoint.origin,
    path: `${endpoint.pathname.replace(/\/+$/, '')}${call.path}${query.size > 0 ? `?${query.toString()}` : ''}`,
    headers: { accept: 'application/json', ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
  };
  const auth = await authFor(session, call.path);
  const retry = { allowed: call.method === 'GET' || call.method === 'PUT' || call.method === 'DELETE', retries: DEFAULT_RETRIES };
  const response = await sendWithRetries({ ...request, headers: { ...request.headers, ...auth.headers } }, { ...session.transport, signal }, retry);
  if (response.status >= 400) throw serverError(response.status, response.data);
  return response;
}
