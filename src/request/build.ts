// Operation + flag values → the HTTP request. Pure: no I/O, no credentials. This is
// the one place where a flag becomes a path segment, a query parameter or a header.
import { usageError } from '../errors';
import type { OperationRecord } from '../catalog/record';

/** JSON values only for body fields typed object or array. */
export type InputValue = string | number | boolean | object;

export interface HttpRequest {
  method: string;
  /** Scheme, host and port: `https://tenant.logto.app`. */
  origin: string;
  /** Path and query, encoded: `/api/one-time-tokens?page=2`. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** Percent-encodes one path segment so that no value can add segments, a query or a fragment. */
export function encodePathValue(value: string): string {
  const encoded = encodeURIComponent(value);
  // `.` and `..` are kept by encodeURIComponent but resolved away by URL normalisation.
  return /^\.+$/.test(encoded) ? encoded.replace(/\./g, '%2E') : encoded;
}

/** Header values are visible ASCII, spaces and tabs: anything else is refused before sending, not by the HTTP library. */
export function checkHeaderValue(name: string, value: string): string {
  if (/[\r\n]/.test(value)) throw usageError(`header ${name} must not contain a line break`);
  const bad = /[^\t\x20-\x7e]/.exec(value);
  if (bad) {
    // Never the value itself: it may be a credential.
    if (name.toLowerCase() === 'authorization') throw usageError(`the token (--token or LOGTO_API_KEY) must be printable ASCII; it contains ${JSON.stringify(bad[0])}`);
    throw usageError(`header ${name} must be printable ASCII; it contains ${JSON.stringify(bad[0])} at position ${bad.index + 1}`);
  }
  return value;
}

/** Request bodies above this are refused up front (a Logto server takes far less). */
export const MAX_BODY_BYTES = 100 * 2 ** 20;

function jsonBody(body: unknown): string {
  const { textDepth, MAX_JSON_DEPTH } = require('./json-depth') as typeof import('./json-depth');
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    // Stack overflow on a deeply nested value, or a string past Node's limit.
    throw usageError(`the request body cannot be sent: ${error instanceof RangeError ? `nested too deeply (at most ${MAX_JSON_DEPTH} levels)` : (error as Error).message}`);
  }
  if (textDepth(text) > MAX_JSON_DEPTH) throw usageError(`the request body is nested more than ${MAX_JSON_DEPTH} levels deep`);
  if (text.length > MAX_BODY_BYTES) throw usageError(`the request body is larger than ${MAX_BODY_BYTES / 2 ** 20} MB`);
  return text;
}

/** RFC 7578: a part per field; a file (read beforehand, see readFileInputs) with its name and type. */
function multipart(boundary: string, fields: [string, InputValue][]): Buffer {
  const parts = fields.flatMap(([name, value]) => {
    const file = typeof value === 'object' && value !== null && 'content' in value ? (value as { filename: string; type?: string; content: Buffer }) : undefined;
    const disposition = `Content-Disposition: form-data; name="${name.replace(/"/g, '%22')}"${file ? `; filename="${file.filename.replace(/"/g, '%22')}"` : ''}`;
    const head = `--${boundary}\r\n${disposition}\r\n${file ? `Content-Type: ${file.type ?? 'application/octet-stream'}\r\n` : ''}\r\n`;
    return [Buffer.from(head), file ? file.content : Buffer.from(String(value)), Buffer.from('\r\n')];
  });
  return Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
}

/** Typed body-field flags (`--name web`) win over the same field from --body or -f/-F. */
export function withBodyFields(operation: OperationRecord, values: Record<string, InputValue | undefined>, body: unknown): unknown {
  const fields = operation.inputs.filter((input) => input.in === 'body' && values[input.flag] !== undefined);
  if (fields.length === 0) return body;
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
    throw usageError(`--${fields[0].flag} needs a JSON object body, but --body is not an object`);
  }
  return { ...(body as object | undefined), ...Object.fromEntries(fields.map((input) => [input.name, values[input.flag]])) };
}

/** Required body fields must be in the body, whichever flag put them there. */
export function checkBodyFields(operation: OperationRecord, values: Record<string, InputValue | undefined>, body: unknown): void {
  const present = (input: { name: string; flag: string }) =>
    values[input.flag] !== undefined || (typeof body === 'object' && body !== null && input.name in (body as object));
  const missing = operation.inputs.filter((input) => input.in === 'body' && input.required && !present(input));
  if (missing.length > 0) {
    throw usageError(`missing required body field${missing.length > 1 ? 's' : ''}: ${missing.map((input) => `--${input.flag}`).join(', ')} (or in --body)`);
  }
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
    if (input.in === 'path') {
      // An empty segment would turn `/tokens/{id}` into `/tokens/`: another operation.
      if (String(value) === '') throw usageError(`--${input.flag} must not be empty`);
      path = path.replace(`{${input.name}}`, encodePathValue(String(value)));
    }
    else if (input.in === 'query') query.append(input.name, String(value));
    else if (input.in === 'header') headers[input.name.toLowerCase()] = checkHeaderValue(input.name, String(value));
  }
  body = withBodyFields(operation, values, body);
  const form = operation.inputs.filter((input) => input.in === 'formData' && values[input.flag] !== undefined);
  const search = query.size > 0 ? `?${query.toString()}` : '';
  const request: HttpRequest = {
    method: operation.method,
    origin: endpoint.origin,
    path: `${endpoint.pathname.replace(/\/+$/, '')}${path}${search}`,
    headers,
  };
  if (form.length > 0) {
    const boundary = `logto-${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
    request.headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
    request.body = multipart(boundary, form.map((input) => [input.name, values[input.flag]!]));
    if (request.body.length > MAX_BODY_BYTES) throw usageError(`the request body is larger than ${MAX_BODY_BYTES / 2 ** 20} MB`);
  } else if (body !== undefined) {
    request.headers['content-type'] = 'application/json';
    request.body = jsonBody(body);
  }
  return request;
}
