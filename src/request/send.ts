// The one HTTP pipeline: credentials, timeout, redacted tracing, response decoding
// and error mapping, on undici.
import { CliError, ExitCode } from '../errors';
import type { IO } from '../output/io';
import { checkHeaderValue, type HttpRequest } from './build';
import { escapeControl } from '../output/safe-text';
import { redactHeader, redactPath } from './redact';

export interface SendOptions {
  timeoutMs: number;
  verbose: boolean;
  io: IO;
  /** Return error responses instead of throwing (OAuth flows read their `error` field). */
  acceptErrors?: boolean;
  /** Return 3xx responses (the OIDC flows read their Location); otherwise a redirect is an error. */
  acceptRedirects?: boolean;
  /** Aborts the request when the user presses Ctrl-C. */
  signal?: AbortSignal;
  /** Receives the elements of a successful JSON array response as they arrive (see readBody). */
  onItems?: (items: unknown[]) => Promise<void>;
}

interface UndiciResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
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
 * Node 22 and later do not wait for those jobs, and there loading node:v8 would only cost time.
 */
function baselineWasmOnly(): void {
  if (Number(process.versions.node.split('.')[0]) >= 22) return;
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
  io.err(lines.map((line) => `${prefix} ${escapeControl(line)}\n`).join(''));
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

/** Logto answers errors as `{ code, message, data? }`; show those, not a raw body. */
export function serverError(status: number, data: unknown): CliError {
  const body = (typeof data === 'object' && data !== null ? data : {}) as { code?: unknown; message?: unknown; data?: { code?: unknown } };
  const code = typeof body.code === 'string' ? body.code : undefined;
  const message = typeof body.message === 'string' ? body.message : typeof data === 'string' ? data : undefined;
  const inner = typeof body.data?.code === 'string' ? ` (${body.data.code})` : '';
  const hint = code === 'account_center.not_enabled' ? ' Enable it with the Management API: PATCH /api/account-center {"enabled": true, "fields": {...}}' : '';
  const text = [`HTTP ${status} ${statusText(status)}`.trim(), code, message && `${message}${inner}${hint}`].filter(Boolean).join(': ');
  return new CliError(text, ExitCode.server, { status, ...(code ? { code } : {}), ...(message ? { message } : {}), ...(body.data ? { data: body.data } : {}) });
}

/** Node's longest string: a body beyond it cannot be held as text, only streamed. */
const MAX_BUFFERED_CHARS = (require('node:buffer') as typeof import('node:buffer')).constants.MAX_STRING_LENGTH;

function header(headers: UndiciResponse['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body as it came off the wire, decompressed if the server compressed it anyway (we never ask it to). */
function decompressed(body: NodeJS.ReadableStream, encoding: string | undefined): NodeJS.ReadableStream {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  if (name === 'identity' || name === '') return body;
  const zlib = require('node:zlib') as typeof import('node:zlib');
  const decoder = { gzip: zlib.createGunzip, 'x-gzip': zlib.createGunzip, deflate: zlib.createInflate, br: zlib.createBrotliDecompress }[name];
  if (!decoder) throw new CliError(`the server answered with an unsupported Content-Encoding ${JSON.stringify(name)}`, ExitCode.server, { code: 'bad_response' });
  const stream = decoder();
  body.on('error', (error) => stream.destroy(error));
  return body.pipe(stream);
}

/** A body that does not parse as the type the server declared is a failure, not data. */
const badBody = (reason: string, status: number, contentType: string) =>
  new CliError(`the server's response (HTTP ${status}, ${contentType}) is not valid JSON: ${reason}`, ExitCode.server, { code: 'bad_response', status });

/**
 * Reads and decodes the body. With `onItems`, a 2xx JSON array is handed over element by
 * element instead of being returned (see JsonArrayStream).
 */
async function readBody(response: UndiciResponse, onItems: SendOptions['onItems']): Promise<{ data: unknown; streamed: number }> {
  const contentType = header(response.headers, 'content-type') ?? '';
  const isJson = /[/+]json\b/i.test(contentType);
  const stream = decompressed(response.body as unknown as NodeJS.ReadableStream, header(response.headers, 'content-encoding'));
  const decoder = new TextDecoder('utf-8');
  const streaming = isJson && onItems !== undefined && response.statusCode < 300;
  let parser = streaming ? new (require('./json-stream') as typeof import('./json-stream')).JsonArrayStream() : undefined;
  const chunks: string[] = [];
  let length = 0;
  /** A decoded piece to the array parser while the body may be an array; else to the bounded buffer. */
  const take = async (piece: string) => {
    let text = piece;
    if (parser) {
      const items = parser.feed(text);
      // Waiting for stdout to drain is what keeps memory flat: the socket is not read meanwhile.
      if (Array.isArray(items)) {
        if (items.length > 0) await onItems!(items);
        return;
      }
      text = items.notAnArray;
      parser = undefined;
    }
    length += text.length;
    if (length > MAX_BUFFERED_CHARS) {
      throw new CliError(`the server's response is larger than ${Math.floor(MAX_BUFFERED_CHARS / 2 ** 20)} MB and cannot be held in memory; with -o ndjson a JSON array is streamed`, ExitCode.server, { code: 'response_too_large' });
    }
    chunks.push(text);
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) await take(decoder.decode(chunk, { stream: true }));
    await take(decoder.decode());
    if (parser) return { data: parser.end(), streamed: parser.streamedItems };
  } catch (error) {
    if (error instanceof SyntaxError) throw badBody(error.message, response.statusCode, contentType);
    const code = String((error as NodeJS.ErrnoException).code ?? '');
    if (code.startsWith('Z_') || code.startsWith('ERR_BROTLI') || code.startsWith('ERR__ERROR_FORMAT')) {
      throw new CliError(`the server's response cannot be decoded as ${header(response.headers, 'content-encoding')}: ${(error as Error).message}`, ExitCode.server, { code: 'bad_response' });
    }
    // Items already written cannot be taken back: such a failure is not retried.
    if (parser && parser.streamedItems > 0 && !(error instanceof CliError)) {
      throw new CliError(`the response broke off after ${parser.streamedItems} items: ${(error as Error).message}`, ExitCode.network, { code: 'body_interrupted' });
    }
    throw error;
  }
  const text = chunks.join('');
  chunks.length = 0;
  if (text === '') return { data: undefined, streamed: 0 };
  if (!isJson) return { data: text, streamed: 0 };
  try {
    return { data: (require('./json-depth') as typeof import('./json-depth')).parseBounded(text), streamed: 0 };
  } catch (error) {
    // An error status keeps its meaning even when its body is broken.
    if (response.statusCode >= 400) return { data: text, streamed: 0 };
    throw badBody((error as Error).message, response.statusCode, contentType);
  }
}

/** We never follow a redirect (a credential must not travel to another origin): name where it points instead. */
function redirectError(response: UndiciResponse, request: HttpRequest): CliError {
  const location = header(response.headers, 'location');
  let target = location ?? '(no Location header)';
  if (location) {
    try {
      const url = new URL(location, `${request.origin}${request.path}`);
      target = `${url.origin === request.origin ? '' : url.origin}${redactPath(`${url.pathname}${url.search}`)}`;
    } catch {
      target = redactPath(location);
    }
  }
  return new CliError(`HTTP ${response.statusCode} ${statusText(response.statusCode)}: the server redirects to ${target}; redirects are not followed (check --endpoint)`, ExitCode.server, {
    status: response.statusCode,
    code: 'redirect',
    location: target,
  });
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, text for other content types, undefined for an empty body or a streamed array. */
  data: unknown;
  /** How many array elements went to `onItems` instead of `data`. */
  streamed?: number;
}

export async function send(request: HttpRequest, options: SendOptions): Promise<HttpResponse> {
  const headers: Record<string, string> = { 'user-agent': 'logto-cli', ...request.headers };
  // Credentials join the headers late (a token from LOGTO_API_KEY, a stored cookie): all are checked here, before sending.
  for (const [name, value] of Object.entries(headers)) checkHeaderValue(name, value);
  if (options.verbose) {
    trace(options.io, '>', [
      `${request.method} ${request.origin}${redactPath(request.path)}`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${redactHeader(name, value)}`),
    ]);
  }

  const [agent, request_] = http();
  const abort = new AbortController();
  // One deadline for the whole exchange, body included: a server trickling a byte at a time cannot hold us.
  const timer = setTimeout(() => abort.abort(), options.timeoutMs);
  const interrupt = () => abort.abort();
  options.signal?.addEventListener('abort', interrupt, { once: true });
  const timedOut = () =>
    new CliError(`request timed out after ${options.timeoutMs / 1000}s: ${request.method} ${request.origin}${redactPath(request.path)}`, ExitCode.network, {
      code: 'timeout',
      message: 'request timed out',
    });
  let response: UndiciResponse | undefined;
  let body: { data: unknown; streamed: number };
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
    if (options.verbose) {
      trace(options.io, '<', [
        `${response.statusCode} ${statusText(response.statusCode)}`,
        ...Object.entries(response.headers).flatMap(([name, value]) =>
          (Array.isArray(value) ? value : [value ?? '']).map((one) => `${name}: ${name === 'location' ? redactPath(one) : redactHeader(name, one)}`),
        ),
      ]);
    }
    if (response.statusCode >= 300 && response.statusCode < 400 && response.statusCode !== 304 && !options.acceptRedirects) {
      const unread = response.body as NodeJS.ReadableStream & { destroy(): void };
      unread.on('error', () => undefined);
      unread.destroy();
      throw redirectError(response, request);
    }
    body = await readBody(response, options.onItems);
  } catch (error) {
    if (options.signal?.aborted) throw new CliError('interrupted', ExitCode.interrupted);
    if (abort.signal.aborted) throw timedOut();
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') throw timedOut();
    throw networkError(error as NodeJS.ErrnoException, request);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', interrupt);
  }

  if (response.statusCode >= 400 && !options.acceptErrors) throw serverError(response.statusCode, body.data);
  return { status: response.statusCode, headers: response.headers, data: body.data, ...(body.streamed ? { streamed: body.streamed } : {}) };
}
