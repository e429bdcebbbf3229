// A JSON API call answered with a web page is a wrong path, not a result: Logto serves
// its sign-in page for any path it does not route outside /api.
import { CliError, ExitCode } from '../errors';
import type { HttpResponse } from '../request/send';

export function refuseHtml(response: HttpResponse, method: string, path: string, endpointPath: string): void {
  const type = response.headers['content-type'];
  if (!/\btext\/html\b/i.test(String(Array.isArray(type) ? type[0] : (type ?? '')))) return;
  const relative = path.slice(endpointPath.replace(/\/+$/, '').length).split('?')[0];
  const hint = relative.startsWith('/api/') || relative === '/api' ? 'is the endpoint right?' : `did you mean /api${relative === '/' ? '' : relative}?`;
  throw new CliError(`${method} ${relative} answered with an HTML page, not JSON: ${hint}`, ExitCode.server, { status: response.status, code: 'unexpected_html' });
}
