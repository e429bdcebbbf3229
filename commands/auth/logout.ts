import { logout } from '../../src/auth/login';
import { CONNECTION_FLAGS, sessionFor } from '../../src/cli/builtin-flags';
import type { Command } from '../../src/cli/command';

export const command: Command = {
  description: 'Without --m2m or --user, removes the whole profile: both credentials, the experience cookie jar and its settings.',
  flags: [
    { name: 'm2m', kind: 'boolean', description: 'Remove only the management credential (the M2M app and its token)' },
    { name: 'user', kind: 'boolean', description: 'Remove only the user sign-in (tokens, stored verification record)' },
    ...CONNECTION_FLAGS.filter((flag) => flag.name === 'profile'),
  ],
  examples: ['logto auth logout', 'logto auth logout --user', 'logto auth logout --m2m --profile ci'],
  async run(values, _args, context) {
    const session = sessionFor(values, context);
    const only = (['m2m', 'user'] as const).filter((side) => values[side] === true);
    const sides = only.length === 0 ? (['m2m', 'user'] as const) : only;
    await logout(session, [...sides]);
    const what = sides.length === 2 ? '' : ` (${sides[0] === 'm2m' ? 'management credential' : 'user sign-in'})`;
    context.io.err(`Logged out of profile ${session.profileName}${what}.\n`);
  },
};
