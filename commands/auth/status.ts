import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { SECRET_KINDS } from '../../src/auth/session';
import { CONNECTION_FLAGS, sessionFor } from '../../src/cli/builtin-flags';
import { CliError, ExitCode } from '../../src/errors';
import { chooseFormat, printData } from '../../src/output/format';

const expiry = (raw: string | undefined) => {
  if (!raw) return undefined;
  const { expiresAt } = JSON.parse(raw) as { expiresAt: number };
  return new Date(expiresAt).toISOString();
};

export default class AuthStatusCommand extends BuiltinCommand {
  static summary = 'Show the profile, endpoint, method, identity and token expiry';

  static flags = oclifFlags(CONNECTION_FLAGS);

  static examples = ['logto auth status', 'logto auth status --profile ci -o json'];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const session = sessionFor(values, context);
    const { profile } = session;
    if (!profile.method) {
      throw new CliError(`profile ${session.profileName} is not signed in: run logto auth login${session.profileName === 'default' ? '' : ` --profile ${session.profileName}`}`, ExitCode.credentials);
    }
    const stored = Object.fromEntries(await Promise.all(SECRET_KINDS.map(async (kind) => [kind, await session.getSecret(kind)] as const)));
    await printData(
      {
        profile: session.profileName,
        endpoint: session.endpoint().href.replace(/\/$/, ''),
        method: profile.method,
        clientId: profile['client-id'],
        identity: profile.subject ?? profile['client-id'],
        storage: profile.storage ?? 'keychain',
        managementTokenExpires: expiry(stored['token:management']),
        accountTokenExpires: expiry(stored['token:account']),
        refreshToken: stored['refresh-token'] ? 'stored' : 'none',
        interaction: stored.experience ? 'started' : 'none',
      },
      chooseFormat(values.output as string | undefined, context.io),
      context.io,
    );
  }
}
