import { CONNECTION_FLAGS, sessionFor } from '../../src/cli/builtin-flags';
import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifArgs, oclifFlags, type FlagValues } from '../../src/cli/flags';
import { GLOBAL_FLAGS } from '../../src/cli/global-flags';
import { usageError } from '../../src/errors';
import { parseEvents } from '../../src/webhooks/events';
import { listDeliveries } from '../../src/webhooks/deliveries';
import { parseSince } from '../../src/logs/since';
import { presentation, printData } from '../../src/output/format';

export default class HooksDeliveriesCommand extends BuiltinCommand {
  static summary = "List a hook's recent deliveries and how its endpoint answered";

  static description = [
    'Newest first: time, event, result, the status the endpoint answered and the error, if any. Logto keeps',
    'these for the last 24 hours by default (--since looks further back). The raw entries are in logto',
    'hooks list-hook-recent-logs once the Management API is synced.',
  ].join('\n');

  static flags = oclifFlags([
    { name: 'limit', kind: 'integer', value: 'N', description: 'At most N deliveries (default 20)' },
    { name: 'event', kind: 'string', value: 'EVENT', description: 'Only deliveries of this event' },
    { name: 'since', kind: 'string', value: '2h|TIMESTAMP', description: 'Only deliveries since then (30m, 2d, an ISO time or epoch ms)' },
    ...CONNECTION_FLAGS,
    ...GLOBAL_FLAGS.filter((flag) => flag.name === 'query' || flag.name === 'columns'),
  ]);

  static args = oclifArgs(['id']);

  static examples = ['logto hooks deliveries 2x8rkqv6y9', "logto hooks deliveries 2x8rkqv6y9 --event User.Created -o json --query '[?result==`Error`]'"];

  async execute(values: FlagValues, [id]: string[], context: CommandContext): Promise<void> {
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw usageError(`--limit expects a whole number of at least 1, got ${JSON.stringify(values.limit)}`);
    const event = values.event === undefined ? undefined : parseEvents(values.event as string, 'event')[0];
    const columns = (values.columns as string | undefined)?.split(',').map((one) => one.trim()).filter(Boolean);
    const how = presentation({ output: values.output as string | undefined, query: values.query as string | undefined, columns }, context.io);
    const since = values.since === undefined ? undefined : parseSince(values.since as string, Date.now());
    const deliveries = await listDeliveries(sessionFor(values, context), id, { limit, since, event }, context.signal);
    await printData(deliveries, how, context.io);
  }
}
