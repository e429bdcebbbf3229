// The one HTTP pipeline: credentials, timeout, redacted tracing, response decoding
// and error mapping, on undici.
import { CliError, ExitCode } from '../errors';
import type { IO } from '../output/io';
import type { HttpRequest } from './build';
import { redactHeader, redactPath } from './redact';

export interface SendOptions {
  timeoutMs: number;
  verbose: boolean;
  io: IO;
  /** Return error responses instead of throwing (OAuth flows read their `error` field). */
  acceptErrors?: boolean;
  /** Aborts the request when the user presses Ctrl-C. */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, text for other content types, undefined for an empty body. */
  data: unknown;
}

interface UndiciResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: { text(): Promise<string> };
}
type Dispatcher = { close(): Promise<void>; destroy(): Promise<void> };
type RequestFn = (this: Dispatcher, options: Record<string, unknown>) => Promise<UndiciResponse>;

let dispatcher: Dispatcher | undefined;
let requestFn: RequestFn | undefined;

/**
 * undici parses HTTP with llhttp compiled to WebAssembly. V8 compiles it with its baseline
 * compiler (Liftoff) and then re-compiles it with TurboFan in the background, and a process
 * waits for those background jobs before it exits: 150-250 ms after the work is done, on node
 * 20. Liftoff alone parses a CLI's responses fast enough, so TurboFan is turned off for wasm.
 * Safe: the flag only affects WebAssembly compiled after it is set (llhttp, compiled on the
 * first connection), not JavaScript, and changes how fast, not what, the code computes.
 */
function baselineWasmOnly(): void {
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--liftoff-only');
}

// undici's package entry loads every dispatcher, mock and fetch module (80-230 ms
// measured here); the agent and the request API alone cost a fraction of that.
// undici is pinned to an exact version because these are its internal modules.
function http(): [Dispatcher, RequestFn] {
  if (!dispatcher) {
    baselineWasmOnly();
    const Agent = require('undici/lib/dispatcher/agent') as new (options: object) => Dispatcher;
    requestFn = require('undici/lib/api/api-request') as RequestFn;
    dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  }
  return [dispatcher, requestFn!];
}

/** Lets the process exit without waiting for idle keep-alive sockets; `abort` drops requests in flight too. */
export async function closeHttp(abort = false): Promise<void> {
  const open = dispatcher;
  dispatcher = undefined;
  await (abort ? open?.destroy() : open?.close());
}

function statusText(status: number): string {
  return (require('node:http') as typeof import('node:http')).STATUS_CODES[status] ?? '';
}

function trace(io: IO, prefix: string, lines: string[]): void {
  io.err(lines.map((line) => `${prefix} ${line}\n`).join(''));
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
};

function networkError(error: NodeJS.ErrnoException, request: HttpRequest): CliError {
  const code = error.code ?? (error.cause as NodeJS.ErrnoException | undefined)?.code ?? '';
  const reason = NETWORK_REASONS[code] ?? error.message;
  return new CliError(`cannot reach ${request.origin}: ${reason}${code ? ` (${code})` : ''}`, ExitCode.network, { code: code || 'network_error', message: reason });
}

function decode(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** Logto answers errors as `{ code, message, data? }`; show those, not a raw body. */
export function serverError(status: number, data: unknown): CliError {
  const body = (typeof data === 'object' && data !== null ? data : {}) as { code?: unknown; message?: unknown; data?: { code?: unknown } };
  const code = typeof body.code === 'string' ? body.code : undefined;
  const message = typeof body.message === 'string' ? body.message : typeof data === 'string' ? data.slice(0, 300) : undefined;
  const inner = typeof body.data?.code === 'string' ? ` (${body.data.code})` : '';
  const hint = code === 'account_center.not_enabled' ? ' Enable it with the Management API: PATCH /api/account-center {"enabled": true, "fields": {...}}' : '';
  const text = [`HTTP ${status} ${statusText(status)}`.trim(), code, message && `${message}${inner}${hint}`].filter(Boolean).join(': ');
  return new CliError(text, ExitCode.server, { status, ...(code ? { code } : {}), ...(message ? { message } : {}), ...(body.data ? { data: body.data } : {}) });
}

export async function send(request: HttpRequest, options: SendOptions): Promise<HttpResponse> {
  const headers: Record<string, string> = { 'user-agent': 'logto-cli', ...request.headers };
  if (options.verbose) {
    trace(options.io, '>', [
      `${request.method} ${request.origin}${redactPath(request.path)}`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${redactHeader(name, value)}`),
    ]);
  }

  const [agent, request_] = http();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs);
  const interrupt = () => abort.abort();
  options.signal?.addEventListener('abort', interrupt);
  const timedOut = () =>
    new CliError(`request timed out after ${options.timeoutMs / 1000}s: ${request.method} ${request.origin}${redactPath(request.path)}`, ExitCode.network, {
      code: 'timeout',
      message: 'request timed out',
    });
  let response: UndiciResponse;
  let text: string;
  try {
    response = await request_.call(agent, {
      origin: request.origin,
      path: request.path,
      method: request.method,
      headers,
      body: request.body,
      signal: abort.signal,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    text = await response.body.text();
  } catch (error) {
    if (options.signal?.aborted) throw new CliError('interrupted', ExitCode.interrupted);
    if (abort.signal.aborted) throw timedOut();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') throw timedOut();
    throw networkError(error as NodeJS.ErrnoException, request);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', interrupt);
  }

  if (options.verbose) {
    trace(options.io, '<', [
      `${response.statusCode} ${statusText(response.statusCode)}`,
      ...Object.entries(response.headers).flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value ?? '']).map((one) => `${name}: ${redactHeader(name, one)}`),
      ),
    ]);
  }
  const contentType = response.headers['content-type'];
  const data = decode(text, Array.isArray(contentType) ? contentType[0] : contentType);
  if (response.statusCode >= 400 && !options.acceptErrors) throw serverError(response.statusCode, data);
  return { status: response.statusCode, headers: response.headers, data };
}
