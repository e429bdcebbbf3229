import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { bearerToken } from '../../src/auth/tokens';
import { CONNECTION_FLAGS, outputFor, sessionFor, structured, withOutputFlags } from '../../src/cli/builtin-flags';
import { signedIn } from '../../src/config/config';
import { usageError } from '../../src/errors';
import { printData } from '../../src/output/format';

const SURFACES: Record<string, 'management' | 'account'> = { management: 'management', 'my-account': 'account', account: 'account' };

export default class AuthTokenCommand extends BuiltinCommand {
  static summary = 'Print a valid access token';

  static description = 'The token is for my-account when the profile has a user sign-in, else for the Management API, unless --surface says otherwise.';

  static flags = oclifFlags(withOutputFlags([
    { name: 'surface', kind: 'string', value: 'management|my-account', description: 'Which API the token is for' },
    ...CONNECTION_FLAGS,
  ]));

  static examples = ['curl -H "Authorization: Bearer $(logto auth token --surface management)" https://my-tenant.logto.app/api/applications'];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const session = sessionFor(values, context);
    const output = outputFor(values, context.io);
    const surface = values.surface as string | undefined;
    if (surface !== undefined && !(surface in SURFACES)) throw usageError(`--surface must be management or my-account, got ${JSON.stringify(surface)}`);
    const audience = surface ? SURFACES[surface] : signedIn(session.profile, 'user') || !signedIn(session.profile, 'm2m') ? 'account' : 'management';
    const token = await bearerToken(session, audience);
    if (structured(values)) return printData({ token, surface: audience === 'account' ? 'my-account' : 'management' }, output, context.io);
    context.io.out(`${token}\n`);
  }
}
