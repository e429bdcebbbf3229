import { CONNECTION_FLAGS, outputFor, sessionFor } from '../../src/cli/builtin-flags';
import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifArgs, oclifFlags, type FlagValues } from '../../src/cli/flags';
import { parseEvents } from '../../src/webhooks/events';
import { triggerHook } from '../../src/webhooks/trigger';
import { printData } from '../../src/output/format';

export default class HooksTriggerCommand extends BuiltinCommand {
  static summary = "Have Logto send a signed test delivery to a hook's URL";

  static description = [
    "Logto sends a sample payload of each event to the hook's URL, signed with its signing key, and answers",
    'an error (exit 1) when the endpoint does not answer 2xx. Test deliveries are not listed by hooks deliveries.',
  ].join('\n');

  static flags = oclifFlags([{ name: 'event', kind: 'string', value: 'E1,E2', description: '(required) Event(s) to send, e.g. User.Created' }, ...CONNECTION_FLAGS]);

  static args = oclifArgs(['id']);

  static examples = ['logto hooks trigger 2x8rkqv6y9 --event User.Created', 'logto hooks trigger 2x8rkqv6y9 --event PostSignIn,PostRegister -o json'];

  async execute(values: FlagValues, [id]: string[], context: CommandContext): Promise<void> {
    const events = parseEvents(values.event as string | undefined, 'event');
    const how = outputFor(values, context.io);
    const result = await triggerHook(sessionFor(values, context), id, events, context.signal);
    context.io.err(`Logto delivered ${events.join(', ')} to ${result.url}, which answered 2xx.\n`);
    await printData(result, how, context.io);
  }
}
