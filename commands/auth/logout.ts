import { updateProfile } from '../../src/config/config';
import { SECRET_KINDS } from '../../src/auth/session';
import { CONNECTION_FLAGS, sessionFor } from '../../src/cli/builtin-flags';
import type { Command } from '../../src/cli/command';

export const command: Command = {
  flags: CONNECTION_FLAGS.filter((flag) => flag.name === 'profile'),
  examples: ['logto auth logout', 'logto auth logout --profile ci'],
  async run(values, _args, context) {
    const session = sessionFor(values, context);
    if (session.profile.method || session.profile.storage) {
      for (const kind of SECRET_KINDS) await session.deleteSecret(kind);
    }
    updateProfile(context.env, session.profileName, () => undefined);
    context.io.err(`Logged out of profile ${session.profileName}.\n`);
  },
};
