// A minimal cookie jar for one Logto host: the experience interaction lives in cookies
// that must survive across separate invocations.
export interface StoredCookie {
  name: string;
  value: string;
  path: string;
  /** Epoch ms; absent for session cookies. */
  expires?: number;
}

export function applySetCookie(jar: StoredCookie[], headers: string[], now = Date.now()): StoredCookie[] {
  let next = [...jar];
  for (const header of headers) {
    const [pair, ...attributes] = header.split(';').map((part) => part.trim());
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const cookie: StoredCookie = { name: pair.slice(0, at), value: pair.slice(at + 1), path: '/' };
    for (const attribute of attributes) {
      const [key, ...rest] = attribute.split('=');
      const value = rest.join('=');
      if (/^path$/i.test(key) && value.startsWith('/')) cookie.path = value;
      else if (/^max-age$/i.test(key)) cookie.expires = now + Number(value) * 1000;
      else if (/^expires$/i.test(key) && cookie.expires === undefined) cookie.expires = Date.parse(value);
    }
    next = next.filter((one) => !(one.name === cookie.name && one.path === cookie.path));
    if (cookie.expires === undefined || cookie.expires > now) next.push(cookie);
  }
  return next;
}

export function cookieHeader(jar: StoredCookie[], path: string, now = Date.now()): string | undefined {
  const matching = jar.filter((cookie) => (cookie.expires === undefined || cookie.expires > now) && (path === cookie.path || path.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`)));
  return matching.length > 0 ? matching.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ') : undefined;
}

export function setCookieHeaders(headers: Record<string, string | string[] | undefined>): string[] {
  const value = headers['set-cookie'];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
