// --dry-run: the request that would be sent, nothing sent. Everything shown goes through
// the redaction in request/redact: credentials, secret-looking query values and body fields.
import type { HttpRequest } from '../request/build';
import { REDACTED, redactBody, redactHeader, redactPath } from '../request/redact';
import type { Audience } from '../auth/tokens';
import { plural } from '../output/plural';

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** How a shell running the printed curl command gets the credential: the variable the CLI reads, else the CLI itself. */
function curlCredential(audience: Audience, profile: string | undefined): string {
  if (audience === 'experience') return '-H "Cookie: $LOGTO_COOKIE"';
  const fallback = `logto auth token --surface ${audience === 'account' ? 'my-account' : 'management'}${profile ? ` --profile ${shellQuote(profile)}` : ''}`;
  return `-H "Authorization: Bearer \${LOGTO_API_KEY:-$(${fallback})}"`;
}

export function describeRequest(request: HttpRequest, audience: Audience, style: 'request' | 'curl', profile?: string): string {
  const url = `${request.origin}${redactPath(request.path)}`;
  const headers = Object.entries(request.headers).map(([name, value]) => [name, redactHeader(name, value)] as const);
  const body = typeof request.body === 'string' ? redactBody(request.body, request.headers['content-type']) : undefined;
  if (style === 'curl') {
    // --globoff: a [redacted] value must not read as a curl URL range.
    const parts = [`curl${url.includes('[') ? ' --globoff' : ''} -X ${request.method} ${shellQuote(url)}`];
    for (const [name, value] of headers) parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
    parts.push(curlCredential(audience, profile));
    if (body !== undefined) parts.push(`--data ${shellQuote(body)}`);
    else if (request.body) parts.push("--data-binary '<the multipart body above: use curl -F name=@file>'");
    return `${parts.join(' \\\n  ')}\n`;
  }
  const credential = audience === 'experience' ? `cookie: ${REDACTED}` : `authorization: Bearer ${REDACTED}`;
  const lines = [`${request.method} ${url}`, ...headers.map(([name, value]) => `${name}: ${value}`), credential];
  const shown = body ?? (request.body ? `<multipart/form-data, ${plural(request.body.length, 'byte')}>` : undefined);
  return `${lines.join('\n')}\n${shown !== undefined ? `\n${shown}\n` : ''}`;
}
