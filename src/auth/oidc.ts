// Talking to Logto's OIDC provider: token requests, PKCE, and plain requests that
// carry cookies and do not follow redirects. Everything goes through the one pipeline.
import { createHash, randomBytes } from 'node:crypto';
import { CliError, ExitCode } from '../errors';
import type { IO } from '../output/io';
import { send, type HttpResponse } from '../request/send';

export interface Transport {
  io: IO;
  verbose: boolean;
  timeoutMs: number;
}

export interface TokenResponse {
  access_token: string;
  expires_in?: number;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
  token_type?: string;
}

export interface OAuthError {
  error: string;
  error_description?: string;
}

export const base64url = (bytes: Buffer) => bytes.toString('base64url');

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = base64url(randomBytes(32));
  return { verifier, challenge: base64url(createHash('sha256').update(verifier).digest()) };
}

export const randomState = () => base64url(randomBytes(16));

/** `https://x.logto.app` → `https://x.logto.app/oidc/token`, keeping a path prefix. */
export function oidcUrl(endpoint: URL, path: string): URL {
  return new URL(`${endpoint.pathname.replace(/\/+$/, '')}/oidc${path}`, endpoint);
}

export async function rawRequest(
  method: string,
  url: URL,
  headers: Record<string, string>,
  body: string | undefined,
  transport: Transport,
): Promise<HttpResponse> {
  return send({ method, origin: url.origin, path: `${url.pathname}${url.search}`, headers, body }, { ...transport, acceptErrors: true, acceptRedirects: true });
}

/** POSTs a form to the token endpoint; an OAuth error comes back as `{ error }` for the caller to judge. */
export async function postForm(
  url: URL,
  form: Record<string, string | undefined>,
  transport: Transport,
  basic?: { clientId: string; clientSecret: string },
): Promise<{ status: number; data: TokenResponse | OAuthError | Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (basic) {
    // RFC 6749 §2.3.1: form-encode each part before joining.
    const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
    headers.authorization = `Basic ${Buffer.from(`${encode(basic.clientId)}:${encode(basic.clientSecret)}`).toString('base64')}`;
  }
  const body = new URLSearchParams(Object.entries(form).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
  const response = await rawRequest('POST', url, headers, body, transport);
  return { status: response.status, data: (response.data ?? {}) as TokenResponse };
}

export function tokenError(what: string, data: unknown, status: number): CliError {
  const error = data as Partial<OAuthError> & { code?: string; message?: string };
  const reason = error.error ? `${error.error}${error.error_description ? `: ${error.error_description}` : ''}` : error.code ? `${error.code}: ${error.message}` : `HTTP ${status}`;
  return new CliError(`${what} failed: ${reason}`, ExitCode.credentials, { status, code: error.error ?? error.code ?? 'token_error' });
}

/** A token request that must succeed. */
export async function requestToken(
  endpoint: URL,
  form: Record<string, string | undefined>,
  transport: Transport,
  what: string,
  basic?: { clientId: string; clientSecret: string },
): Promise<TokenResponse> {
  const { status, data } = await postForm(oidcUrl(endpoint, '/token'), form, transport, basic);
  if (status >= 400 || typeof (data as TokenResponse).access_token !== 'string') throw tokenError(what, data, status);
  return data as TokenResponse;
}
