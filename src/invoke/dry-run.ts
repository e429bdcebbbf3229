// --dry-run: the request that would be sent, credentials redacted, nothing sent.
import type { HttpRequest } from '../request/build';
import { REDACTED, redactHeader } from '../request/redact';
import type { Audience } from '../auth/tokens';
import { plural } from '../output/plural';

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function describeRequest(request: HttpRequest, audience: Audience, style: 'request' | 'curl'): string {
  const url = `${request.origin}${request.path}`;
  const headers = Object.entries(request.headers);
  if (style === 'curl') {
    const parts = [`curl -X ${request.method} ${shellQuote(url)}`];
    for (const [name, value] of headers) parts.push(`-H ${shellQuote(`${name}: ${redactHeader(name, value) === value ? value : REDACTED}`)}`);
    // Credentials stay variables, expanded by the shell that runs the command.
    parts.push(audience === 'experience' ? '-H "Cookie: $LOGTO_COOKIE"' : '-H "Authorization: Bearer $LOGTO_TOKEN"');
    if (typeof request.body === 'string') parts.push(`--data ${shellQuote(request.body)}`);
    else if (request.body) parts.push("--data-binary '<the multipart body above: use curl -F name=@file>'");
    return `${parts.join(' \\\n  ')}\n`;
  }
  const credential = audience === 'experience' ? `cookie: ${REDACTED}` : `authorization: Bearer ${REDACTED}`;
  const lines = [`${request.method} ${url}`, ...headers.map(([name, value]) => `${name}: ${redactHeader(name, value)}`), credential];
  const body = typeof request.body === 'string' ? request.body : request.body ? `<multipart/form-data, ${plural(request.body.length, 'byte')}>` : undefined;
  return `${lines.join('\n')}\n${body !== undefined ? `\n${body}\n` : ''}`;
}
