// What --verbose may show. Credentials and secret-looking values never leave the process.
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'logto-verification-id']);
const SECRET_QUERY = /token|secret|password|passwd|code|key|signature|assertion|credential|session/i;
export const REDACTED = '[redacted]';

export function redactHeader(name: string, value: string): string {
  if (!SECRET_HEADERS.has(name.toLowerCase())) return value;
  const scheme = /^(Bearer|Basic)\s/i.exec(value);
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}

/** Redacts secret-looking query parameters of a path such as `/oidc/auth?code=...`. */
export function redactPath(path: string): string {
  const at = path.indexOf('?');
  if (at < 0) return path;
  const pairs = [...new URLSearchParams(path.slice(at + 1))].map(([name, value]) =>
    `${encodeURIComponent(name)}=${SECRET_QUERY.test(name) ? REDACTED : encodeURIComponent(value)}`,
  );
  return `${path.slice(0, at)}?${pairs.join('&')}`;
}
