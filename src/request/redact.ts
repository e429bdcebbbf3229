// The one place that decides what is secret. Every output path (--verbose, --dry-run,
// --dry-run=curl, error and timeout messages, batch results, MCP results) shows requests
// through these functions, so a secret-looking value never leaves the process.
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'logto-verification-id', 'x-api-key']);
/** Distinctive enough to match anywhere in a name: `clientsecret`, `accessToken`, `newPassword`. */
const SECRET_SUBSTRINGS = /token|secret|passw|pwd|assertion|credential|signature|cookie|apikey|passcode|private/i;
/** Too short to match inside other words (`keyword`, `author`, `compass`): matched as whole words of the name. */
const SECRET_WORDS = new Set(['pass', 'auth', 'code', 'key', 'otp', 'totp', 'pin', 'sig', 'session', 'jwt', 'verifier', 'nonce']);
export const REDACTED = '[redacted]';

/** `client_secret`, `clientSecret`, `x-api-key`, `pwd`, `code`: true for names whose values are secrets. */
export function isSecretName(name: string): boolean {
  if (SECRET_SUBSTRINGS.test(name)) return true;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) => SECRET_WORDS.has(word));
}

export function redactHeader(name: string, value: string): string {
  if (!SECRET_HEADERS.has(name.toLowerCase()) && !isSecretName(name)) return value;
  const scheme = /^(Bearer|Basic)\s/i.exec(value);
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}

/** Redacts secret-looking query parameters of a path or URL such as `/oidc/auth?code=...`. */
export function redactPath(path: string): string {
  const at = path.indexOf('?');
  if (at < 0) return path;
  const hash = path.indexOf('#', at);
  const query = path.slice(at + 1, hash < 0 ? undefined : hash);
  const pairs = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    let decoded = name;
    try {
      decoded = decodeURIComponent(name.replace(/\+/g, ' '));
    } catch {
      // A malformed escape: judge the name as written.
    }
    return eq >= 0 && isSecretName(decoded) ? `${name}=${REDACTED}` : pair;
  });
  return `${path.slice(0, at)}?${pairs.join('&')}${hash < 0 ? '' : path.slice(hash)}`;
}

/**
 * An error code as Logto writes them (`auth.unauthorized`, `ERR_JWS_INVALID`, `invalid_type`): words only.
 * A `code` holding such a value is a label, not a secret; one with digits (an OTP, an authorization code) is not kept.
 */
const ERROR_CODE = /^[A-Za-z_.-]+$/;

/** A copy of a JSON value with the values of secret-looking keys replaced, at any depth. */
export function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      const label = key === 'code' && typeof item === 'string' && ERROR_CODE.test(item);
      return [key, isSecretName(key) && !label ? REDACTED : redactValue(item)];
    }),
  );
}

/** A request body as shown to people: JSON and form bodies with secret fields redacted. */
export function redactBody(body: string, contentType: string | undefined): string {
  if (contentType?.includes('json')) {
    try {
      return JSON.stringify(redactValue(JSON.parse(body)));
    } catch {
      return REDACTED;
    }
  }
  if (contentType?.includes('x-www-form-urlencoded')) return redactPath(`?${body}`).slice(1);
  return body;
}

/**
 * Free text that may quote a request (an error, a server's message): query pairs (`?name=value`,
 * `&name=value`) and `"name": "value"` pairs with secret-looking names, and bearer credentials, are redacted.
 */
export function redactText(text: string): string {
  return text
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`)
    .replace(/([?&])([A-Za-z0-9_.%-]+)=([^&\s"'#]*)/g, (all, lead: string, name: string) => (isSecretName(name) ? `${lead}${name}=${REDACTED}` : all))
    .replace(/"([^"\\]{1,100})"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g, (all, name: string, colon: string) => (isSecretName(name) ? `"${name}"${colon}"${REDACTED}"` : all));
}
