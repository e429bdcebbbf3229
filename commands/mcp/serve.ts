import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GLOBAL_FLAGS } from '../../src/cli/global-flags';
import { globalValues } from '../../src/cli/values';
import { usageError } from '../../src/errors';
import { PACKAGE_ROOT } from '../../src/catalog/locations';
import { serveHttp, serveStdio } from '../../src/mcp/server';
import { FILTER_FLAGS, selectedTools } from './shared';

export default class McpServeCommand extends BuiltinCommand {
  static summary = 'Serve every loaded operation as an MCP tool (stdio, or --http on 127.0.0.1)';

  static description = [
    'Every loaded spec operation becomes a tool, with the credentials of the profile (or LOGTO_ENDPOINT /',
    'LOGTO_API_KEY) resolved exactly as for the CLI. Tool names are the spec\'s; a name several surfaces share',
    'becomes <surface>_<name>. Arguments are keyed by flag name (grant-id), plus body for the JSON body.',
    'Destructive tools run without asking: the destructiveHint tells the client to confirm.',
  ].join('\n');

  static flags = oclifFlags([
    { name: 'http', kind: 'boolean', description: 'Serve Streamable HTTP on 127.0.0.1 instead of stdio' },
    { name: 'port', kind: 'integer', value: 'N', description: 'Port for --http (default 8765; 0 picks a free one)' },
    ...FILTER_FLAGS,
    ...GLOBAL_FLAGS.filter((flag) => ['endpoint', 'tenant', 'token', 'profile', 'timeout', 'retries'].includes(flag.name)),
  ]);

  static examples = ['logto mcp serve', 'logto mcp serve --read-only --surface my-account', 'logto mcp serve --http --port 8765'];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const tools = selectedTools(values, context);
    const { endpoint, tenant, token, profile, timeout, retries } = globalValues(values);
    const connection = { endpoint, tenant, token, profile, timeout, retries };
    const version = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    if (!values.http) return serveStdio(tools, version, connection, context);
    const port = values.port === undefined ? 8765 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port expects a port number, got ${JSON.stringify(values.port)}`);
    return serveHttp(tools, version, port, connection, context);
  }
}
