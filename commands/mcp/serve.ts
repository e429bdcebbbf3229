import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { GLOBAL_FLAGS } from '../../src/cli/global-flags';
import { globalValues } from '../../src/cli/values';
import { usageError } from '../../src/errors';
import { allowedRoot } from '../../src/mcp/files';
import { DEFAULT_IDLE_SECONDS } from '../../src/mcp/http-limits';
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
    { name: 'idle-timeout', kind: 'number', value: 'SECONDS', description: `With --http, close a connection silent this long (default ${DEFAULT_IDLE_SECONDS}; keep it above --timeout)` },
    { name: 'allow-files', kind: 'string', value: 'DIR', description: 'Let tools upload files, from inside DIR only (off by default)' },
    ...FILTER_FLAGS,
    ...GLOBAL_FLAGS.filter((flag) => ['endpoint', 'tenant', 'token', 'profile', 'timeout', 'retries'].includes(flag.name)),
  ]);

  static examples = ['logto mcp serve', 'logto mcp serve --read-only --surface my-account', 'logto mcp serve --http --port 8765'];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const tools = selectedTools(values, context);
    const { endpoint, tenant, token, profile, timeout, retries } = globalValues(values);
    const allowFiles = values['allow-files'] === undefined ? undefined : allowedRoot(values['allow-files'] as string);
    const settings = { connection: { endpoint, tenant, token, profile, timeout, retries }, allowFiles };
    const { version } = this.config;
    if (!values.http) return serveStdio(tools, version, settings, context);
    const port = values.port === undefined ? 8765 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port expects a port number, got ${JSON.stringify(values.port)}`);
    const idleSeconds = values['idle-timeout'] === undefined ? DEFAULT_IDLE_SECONDS : Number(values['idle-timeout']);
    if (!(idleSeconds > 0 && idleSeconds <= 86_400)) throw usageError(`--idle-timeout expects a number of seconds between 0 and 86400, got ${JSON.stringify(values['idle-timeout'])}`);
    return serveHttp(tools, version, { port, idleSeconds }, settings, context);
  }
}
