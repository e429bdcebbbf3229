import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { logout } from '../../src/auth/login';
import { CONNECTION_FLAGS, sessionFor, withOutputFlags } from '../../src/cli/builtin-flags';

export default class AuthLogoutCommand extends BuiltinCommand {
  static summary = "Remove the profile's credentials (--m2m or --user: only one of them)";

  static description = 'Without --m2m or --user, removes the whole profile: both credentials, the experience cookie jar and its settings.';

  static flags = oclifFlags(withOutputFlags([
    { name: 'm2m', kind: 'boolean', description: 'Remove only the management credential (the M2M app and its token)' },
    { name: 'user', kind: 'boolean', description: 'Remove only the user sign-in (tokens, stored verification record)' },
    ...CONNECTION_FLAGS.filter((flag) => flag.name === 'profile'),
  ]));

  static examples = ['logto auth logout', 'logto auth logout --user', 'logto auth logout --m2m --profile ci'];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const session = sessionFor(values, context);
    const only = (['m2m', 'user'] as const).filter((side) => values[side] === true);
    const sides = only.length === 0 ? (['m2m', 'user'] as const) : only;
    await logout(session, [...sides]);
    const what = sides.length === 2 ? '' : ` (${sides[0] === 'm2m' ? 'management credential' : 'user sign-in'})`;
    context.io.err(`Logged out of profile ${session.profileName}${what}.\n`);
  }
}
