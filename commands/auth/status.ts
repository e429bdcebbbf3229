import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { storedExpiry } from '../../src/auth/tokens';
import { CONNECTION_FLAGS, outputFor, sessionFor, withOutputFlags } from '../../src/cli/builtin-flags';
import { CliError, ExitCode } from '../../src/errors';
import { printData } from '../../src/output/format';
import { signedIn } from '../../src/config/config';

export default class AuthStatusCommand extends BuiltinCommand {
  static summary = "Show the profile's management and user credentials, identities and expiries";

  static description = 'Shows both credentials of the profile: the management (M2M) app and the user sign-in, with identities and expiries. Exit 3 when neither is there.';

  static flags = oclifFlags(withOutputFlags(CONNECTION_FLAGS));

  static examples = ['logto auth status', 'logto auth status --profile ci -o json', 'logto auth status -q user.scope'];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const session = sessionFor(values, context);
    const { profile } = session;
    const output = outputFor(values, context.io);
    if (!signedIn(profile, 'm2m') && !signedIn(profile, 'user')) {
      throw new CliError(`profile ${session.profileName} is not signed in: run ${session.loginCommand('--m2m')} and/or ${session.loginCommand('--password')}`, ExitCode.credentials);
    }
    const secret = (kind: Parameters<typeof session.getSecret>[0]) => session.getSecret(kind);
    const m2m = signedIn(profile, 'm2m')
      ? { clientId: profile['m2m-client-id'], resource: profile.resource, tokenExpires: storedExpiry(await secret('token:management')) ?? null, clientSecret: (await secret('client-secret')) ? 'stored' : 'missing' }
      : null;
    const verification = signedIn(profile, 'user') ? await secret('verification') : undefined;
    const user = signedIn(profile, 'user')
      ? {
          method: profile.method,
          identity: profile.subject ?? null,
          clientId: profile['client-id'] ?? null,
          scope: profile.scope ?? null,
          tokenExpires: profile.method === 'token' ? null : (storedExpiry(await secret('token:account')) ?? null),
          refreshToken: (await secret('refresh-token')) ? 'stored' : 'none',
          verificationExpires: verification ? (JSON.parse(verification) as { expiresAt: string }).expiresAt : null,
        }
      : null;
    await printData(
      {
        profile: session.profileName,
        endpoint: session.endpoint().href.replace(/\/$/, ''),
        storage: profile.storage ?? 'keychain',
        m2m,
        user,
        interaction: (await secret('experience')) ? 'started' : 'none',
      },
      output,
      context.io,
    );
  }
}
