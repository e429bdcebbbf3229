import { bearerToken } from '../../src/auth/tokens';
import { CONNECTION_FLAGS, sessionFor } from '../../src/cli/builtin-flags';
import type { Command } from '../../src/cli/command';
import { usageError } from '../../src/errors';

const SURFACES: Record<string, 'management' | 'account'> = { management: 'management', 'my-account': 'account', account: 'account' };

export const command: Command = {
  description: 'The token is for the Management API on an m2m profile and for my-account on a user sign-in, unless --surface says otherwise.',
  flags: [
    { name: 'surface', kind: 'string', value: 'management|my-account', description: 'Which API the token is for' },
    ...CONNECTION_FLAGS.filter((flag) => flag.name !== 'output'),
  ],
  examples: ['curl -H "Authorization: Bearer $(logto auth token)" https://my-tenant.logto.app/api/applications'],
  async run(values, _args, context) {
    const session = sessionFor(values, context);
    const surface = values.surface as string | undefined;
    if (surface !== undefined && !(surface in SURFACES)) throw usageError(`--surface must be management or my-account, got ${JSON.stringify(surface)}`);
    const audience = surface ? SURFACES[surface] : session.profile.method === 'm2m' ? 'management' : 'account';
    context.io.out(`${await bearerToken(session, audience)}\n`);
  },
};
