import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { bearerToken } from '../../src/auth/tokens';
import { CONNECTION_FLAGS, sessionFor } from '../../src/cli/builtin-flags';
import { usageError } from '../../src/errors';

const SURFACES: Record<string, 'management' | 'account'> = { management: 'management', 'my-account': 'account', account: 'account' };

export default class AuthTokenCommand extends BuiltinCommand {
  static summary = 'Print a valid access token';

  static description = 'The token is for the Management API on an m2m profile and for my-account on a user sign-in, unless --surface says otherwise.';

  static flags = oclifFlags([
    { name: 'surface', kind: 'string', value: 'management|my-account', description: 'Which API the token is for' },
    ...CONNECTION_FLAGS.filter((flag) => flag.name !== 'output'),
  ]);

  static examples = ['curl -H "Authorization: Bearer $(logto auth token)" https://my-tenant.logto.app/api/applications'];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const session = sessionFor(values, context);
    const surface = values.surface as string | undefined;
    if (surface !== undefined && !(surface in SURFACES)) throw usageError(`--surface must be management or my-account, got ${JSON.stringify(surface)}`);
    const audience = surface ? SURFACES[surface] : session.profile.method === 'm2m' ? 'management' : 'account';
    context.io.out(`${await bearerToken(session, audience)}\n`);
  }
}
