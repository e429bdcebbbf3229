// Operation + flag values → the HTTP request. Pure: no I/O, no credentials. This is
// the one place where a flag becomes a path segment, a query parameter or a header.
import { usageError } from '../errors';
import type { OperationRecord } from '../spec/record';

export type InputValue = string | number | boolean;

export interface HttpRequest {
  method: string;
  /** Scheme, host and port: `https://tenant.logto.app`. */
  origin: string;
  /** Path and query, encoded: `/api/one-time-tokens?page=2`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Percent-encodes one path segment so that no value can add segments, a query or a fragment. */
export function encodePathValue(value: string): string {
  const encoded = encodeURIComponent(value);
  // `.` and `..` are kept by encodeURIComponent but resolved away by URL normalisation.
  return /^\.+$/.test(encoded) ? encoded.replace(/\./g, '%2E') : encoded;
}

export function checkHeaderValue(name: string, value: string): string {
  if (/[\r\n]/.test(value)) throw usageError(`header ${name} must not contain a line break`);
  return value;
}

export function buildRequest(
  operation: OperationRecord,
  values: Record<string, InputValue | undefined>,
  body: unknown,
  endpoint: URL,
): HttpRequest {
  const query = new URLSearchParams();
  const headers: Record<string, string> = { accept: 'application/json' };
  let path = operation.path;
  for (const input of operation.inputs) {
    const value = values[input.flag];
    if (value === undefined) continue;
    if (input.in === 'path') path = path.replace(`{${input.name}}`, encodePathValue(String(value)));
    else if (input.in === 'query') query.append(input.name, String(value));
    else headers[input.name.toLowerCase()] = checkHeaderValue(input.name, String(value));
  }
  const search = query.size > 0 ? `?${query.toString()}` : '';
  const request: HttpRequest = {
    method: operation.method,
    origin: endpoint.origin,
    path: `${endpoint.pathname.replace(/\/+$/, '')}${path}${search}`,
    headers,
  };
  if (body !== undefined) {
    request.headers['content-type'] = 'application/json';
    request.body = JSON.stringify(body);
  }
  return request;
}
