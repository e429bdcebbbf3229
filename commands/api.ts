// `logto api METHOD PATH`: any Logto endpoint, spec or not, through the same invocation
// path as the generated commands (auth by path, retries, paging, output layer).
import { BuiltinCommand } from '../src/cli/builtin-command';
import type { CommandContext } from '../src/cli/context';
import { oclifArgs, oclifFlags, type FlagValues } from '../src/cli/flags';
import { BODY_FLAGS, GLOBAL_FLAGS, PAGING_FLAGS } from '../src/cli/global-flags';
import { globalValues } from '../src/cli/values';
import { usageError } from '../src/errors';
import { invoke } from '../src/invoke/invoke';
import { resolveBody } from '../src/request/body';
import type { OperationRecord } from '../src/catalog/record';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function headerPairs(raw: string[] | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const header of raw ?? []) {
    const at = header.indexOf(':');
    if (at <= 0) throw usageError(`-H expects "Name: value", got ${JSON.stringify(header)}`);
    headers[header.slice(0, at).trim()] = header.slice(at + 1).trim();
  }
  return headers;
}

export default class ApiCommand extends BuiltinCommand {
  static summary = 'Call any Logto endpoint: logto api METHOD PATH';

  static description = [
    'The credential follows the path, as for the generated commands: the user token for /api/my-account and',
    '/api/verifications, the interaction cookies for /api/experience, the Management API token for other /api/ paths.',
    'A query string in PATH is kept. -f/-F/--body build a JSON body as elsewhere.',
  ].join('\n');

  static flags = oclifFlags([
    { name: 'header', char: 'H', kind: 'string', multiple: true, value: 'NAME:VALUE', description: 'Extra request header. Repeatable' },
    ...BODY_FLAGS,
    ...PAGING_FLAGS,
    ...GLOBAL_FLAGS.filter((flag) => flag.name !== 'help'),
  ]);

  static args = oclifArgs(['method', 'path']);

  static examples = [
    'logto api GET /api/users --query "[].username"',
    'logto api GET "/api/users?search=%25alice%25" --all -o ndjson',
    'logto api PATCH /api/account-center -F enabled=true',
    'logto api DELETE /api/applications/app_1 --yes',
  ];

  async execute(values: FlagValues, [rawMethod, rawPath]: string[], context: CommandContext): Promise<void> {
    const method = rawMethod.toUpperCase();
    if (!METHODS.includes(method)) throw usageError(`METHOD must be one of ${METHODS.join(', ')}, got ${JSON.stringify(rawMethod)}`);
    const full = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
    const at = full.indexOf('?');
    const path = at < 0 ? full : full.slice(0, at);
    const query = at < 0 ? '' : full.slice(at);
    const globals = globalValues(values);
    const body = resolveBody(globals, context.io.readStdin);
    // A record for this one call, so that it runs through exactly what spec operations run through.
    const operation: OperationRecord = {
      command: 'api',
      operation: 'api',
      summary: `${method} ${path}`,
      description: `${method} ${path}`,
      method,
      // Kept literally: the user wrote the path, braces and all; only the query is re-attached.
      path: `${path.replace(/[{}]/g, encodeURIComponent)}${query}`,
      hints: { readOnly: method === 'GET', idempotent: method !== 'POST' && method !== 'PATCH', destructive: method === 'DELETE' },
      auth: 'bearer',
      inputs: [],
      ...(body !== undefined ? { body: { required: false } } : {}),
    };
    await invoke({ label: `api ${method} ${path}`, operation, inputs: {}, body, globals, headers: headerPairs(values.header as string[] | undefined) }, context);
  }
}
