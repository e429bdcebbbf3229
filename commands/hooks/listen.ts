import { CONNECTION_FLAGS, sessionFor } from '../../src/cli/builtin-flags';
import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifArgs, oclifFlags, type FlagValues } from '../../src/cli/flags';
import { usageError } from '../../src/errors';
import { parseEvents } from '../../src/webhooks/events';
import { parseHttpUrl } from '../../src/request/http-url';
import { listen } from '../../src/webhooks/listen';
import { streamFormat } from '../../src/output/format';

const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\])$/;

export default class HooksListenCommand extends BuiltinCommand {
  static summary = 'Receive webhook deliveries here through a temporary webhook; verify, print, forward';

  static description = [
    'Registers a temporary webhook named "logto-cli listen ..." that points at a listener on this machine',
    '(or at --public-url, e.g. a tunnel to it, when the Logto server cannot reach this machine). Each',
    "delivery's logto-signature-sha-256 is checked against the hook's signing key: a bad one is refused",
    "(401) and reported on stderr. Good ones are printed and, with --forward-to, passed on with Logto's",
    "headers and body; Logto then gets that endpoint's answer. The webhook is deleted on exit (Ctrl-C,",
    'SIGTERM, SIGHUP); hooks left behind by listeners that are gone are deleted at start.',
  ].join('\n');

  static flags = oclifFlags([
    { name: 'events', kind: 'string', value: 'E1,E2|all', description: '(required) Events to receive, e.g. User.Created,PostSignIn' },
    { name: 'forward-to', kind: 'string', value: 'URL', description: 'Pass each verified delivery on to this URL' },
    { name: 'public-url', kind: 'string', value: 'URL', description: 'URL the Logto server reaches the listener at (default: the listener itself)' },
    { name: 'port', kind: 'integer', value: 'N', description: 'Port of the listener (default: any free port)' },
    { name: 'host', kind: 'string', value: 'ADDRESS', description: 'Address the listener binds (default 127.0.0.1)' },
    ...CONNECTION_FLAGS,
  ]);

  static examples = [
    'logto hooks listen --events User.Created,PostSignIn --forward-to http://localhost:3000/webhook',
    'logto hooks listen --events all -o ndjson | jq -c "{event, user: .payload.user.id}"',
    'logto hooks listen --events PostRegister --port 4000 --public-url https://abc.example-tunnel.dev/',
  ];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const format = streamFormat(values.output as string | undefined, 'hooks listen streams deliveries', context.io);
    const events = parseEvents(values.events as string | undefined, 'events');
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port expects a port number, got ${JSON.stringify(values.port)}`);
    const forwardTo = values['forward-to'] === undefined ? undefined : parseHttpUrl(values['forward-to'] as string, '--forward-to');
    const publicUrl = values['public-url'] === undefined ? undefined : parseHttpUrl(values['public-url'] as string, '--public-url');
    const session = sessionFor(values, context);
    if (!publicUrl && !LOOPBACK.test(session.endpoint().hostname)) {
      throw usageError(`${session.endpoint().origin} cannot reach a listener on this machine's loopback: pass --public-url (a tunnel to --port)`);
    }
    await listen(
      session,
      context.io,
      { events, forwardTo, publicUrl, host: (values.host as string | undefined) ?? '127.0.0.1', port, format },
      context.signal,
    );
  }
}
