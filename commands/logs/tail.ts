import { CONNECTION_FLAGS, sessionFor } from '../../src/cli/builtin-flags';
import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifArgs, oclifFlags, type FlagValues } from '../../src/cli/flags';
import { usageError } from '../../src/errors';
import { parseSince } from '../../src/logs/since';
import { DEFAULT_INTERVAL_MS, tail } from '../../src/logs/tail';
import { streamFormat } from '../../src/output/format';

const DEFAULT_LINES = 10;

export default class LogsTailCommand extends BuiltinCommand {
  static summary = "Print the tenant's audit log oldest first; --follow keeps polling";

  static description = [
    'Oldest first. Without --since, starts with the newest 10 entries (--lines N). --follow polls every',
    '2 s (--interval) while entries arrive and backs off to 10 s while idle. --resume-file keeps the',
    'position: a restart with the same file prints every entry exactly once. On a terminal each entry',
    'is one line (time, key, result, user, app, IP); piped, or with -o ndjson, one JSON object per line.',
  ].join('\n');

  static flags = oclifFlags([
    { name: 'follow', char: 'f', kind: 'boolean', description: 'Keep polling for new entries until Ctrl-C' },
    { name: 'user', kind: 'string', value: 'ID', description: 'Only entries of this user' },
    { name: 'app', kind: 'string', value: 'ID', description: 'Only entries of this application' },
    { name: 'key', kind: 'string', value: 'LOG_KEY', description: 'Only entries with this key, e.g. Interaction.SignIn.Submit' },
    { name: 'since', kind: 'string', value: '10m|TIMESTAMP', description: 'Start at this age (30s, 10m, 2h, 7d) or time (ISO 8601, epoch ms)' },
    { name: 'lines', char: 'n', kind: 'integer', value: 'N', description: `Without --since, start with the newest N entries (default ${DEFAULT_LINES})` },
    { name: 'resume-file', kind: 'string', value: 'FILE', description: 'Read and keep the position here, to continue exactly where the last run stopped' },
    { name: 'interval', kind: 'number', value: 'SECONDS', description: 'Poll interval while entries arrive (default 2); idle polls back off to 5x' },
    ...CONNECTION_FLAGS,
  ]);

  static examples = [
    'logto logs tail --follow',
    'logto logs tail --since 1h --key Interaction.SignIn.Submit -o ndjson | jq -r .payload.userId',
    'logto logs tail --follow --resume-file ~/.cache/logto-audit.cursor -o ndjson >> audit.ndjson',
  ];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const format = streamFormat(values.output as string | undefined, 'logs tail streams entries', context.io);
    if (values.since !== undefined && values.lines !== undefined) throw usageError('pass --since or --lines, not both');
    const lines = values.lines === undefined ? DEFAULT_LINES : Number(values.lines);
    if (!/^\d+$/.test(String(lines))) throw usageError(`--lines expects a whole number, got ${JSON.stringify(values.lines)}`);
    const interval = values.interval === undefined ? DEFAULT_INTERVAL_MS : Number(values.interval) * 1000;
    if (!(interval > 0)) throw usageError(`--interval expects a positive number of seconds, got ${JSON.stringify(values.interval)}`);
    const session = sessionFor(values, context);
    await tail(
      session,
      context.io,
      {
        filters: { userId: values.user as string | undefined, applicationId: values.app as string | undefined, logKey: values.key as string | undefined },
        begin: values.since !== undefined ? { since: parseSince(values.since as string, Date.now()) } : { lines },
        follow: values.follow === true,
        resumeFile: values['resume-file'] as string | undefined,
        intervalMs: interval,
        format,
      },
      context.signal,
    );
  }
}
