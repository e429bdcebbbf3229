// Retries for requests that are safe to repeat: idempotent operations (and GET) only,
// on connection resets and 429/502/503/504, with exponential backoff and jitter.
import { CliError, ExitCode } from '../errors';
import type { HttpRequest } from './build';
import { send, type HttpResponse, type SendOptions } from './send';

export const DEFAULT_RETRIES = 2;
/** More would only hide a server that is down. */
export const MAX_RETRIES = 100;
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const RETRY_NETWORK_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);
const BASE_DELAY_MS = 200;
/** Retry-After is honoured up to this; a server asking for longer gets its error instead. */
export const RETRY_AFTER_CAP_MS = 10_000;

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  // Seconds (a huge or infinite number counts as "longer than we wait"), else an HTTP date.
  const seconds = value.trim() === '' ? NaN : Number(value);
  const ms = Number.isNaN(seconds) ? Date.parse(value) - Date.now() : seconds * 1000;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

/** Waits, or rejects on Ctrl-C; the abort listener is removed either way, so retries never pile listeners up. */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new CliError('interrupted', ExitCode.interrupted));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CliError('interrupted', ExitCode.interrupted));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export async function sendWithRetries(request: HttpRequest, options: SendOptions, retry: { allowed: boolean; retries: number }): Promise<HttpResponse> {
  const attempts = retry.allowed ? retry.retries + 1 : 1;
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    let wait: number | undefined;
    try {
      const response = await send(request, { ...options, acceptErrors: true });
      if (!RETRY_STATUSES.has(response.status) || attempt >= attempts) return response;
      reason = `HTTP ${response.status}`;
      wait = retryAfterMs(response.headers['retry-after']);
      if (wait !== undefined && wait > RETRY_AFTER_CAP_MS) return response;
    } catch (error) {
      const code = error instanceof CliError ? String(error.detail?.code ?? '') : '';
      if (!RETRY_NETWORK_CODES.has(code) || attempt >= attempts) throw error;
      reason = code;
    }
    const backoff = Math.min(BASE_DELAY_MS * 2 ** (attempt - 1), RETRY_AFTER_CAP_MS);
    const delay = wait ?? Math.round(backoff * (0.5 + Math.random()));
    if (options.verbose) options.io.err(`* ${reason}: retrying in ${(delay / 1000).toFixed(1)}s (attempt ${attempt + 1} of ${attempts})\n`);
    await sleep(delay, options.signal);
  }
}
