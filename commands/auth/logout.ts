import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { updateProfile } from '../../src/config/config';
import { SECRET_KINDS } from '../../src/auth/session';
import { CONNECTION_FLAGS, sessionFor } from '../../src/cli/builtin-flags';

export default class AuthLogoutCommand extends BuiltinCommand {
  static summary = "Remove the profile's secrets and settings";

  static flags = oclifFlags(CONNECTION_FLAGS.filter((flag) => flag.name === 'profile'));

  static examples = ['logto auth logout', 'logto auth logout --profile ci'];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const session = sessionFor(values, context);
    if (session.profile.method || session.profile.storage) {
      for (const kind of SECRET_KINDS) await session.deleteSecret(kind);
    }
    updateProfile(context.env, session.profileName, () => undefined);
    context.io.err(`Logged out of profile ${session.profileName}.\n`);
  }
}
