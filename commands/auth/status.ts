import { SECRET_KINDS } from '../../src/auth/session';
import { CONNECTION_FLAGS, sessionFor } from '../../src/cli/builtin-flags';
import type { Command } from '../../src/cli/command';
import { CliError, ExitCode } from '../../src/errors';
import { chooseFormat, printData } from '../../src/output/format';

const expiry = (raw: string | undefined) => {
  if (!raw) return undefined;
  const { expiresAt } = JSON.parse(raw) as { expiresAt: number };
  return new Date(expiresAt).toISOString();
};

export const command: Command = {
  flags: CONNECTION_FLAGS,
  examples: ['logto auth status', 'logto auth status --profile ci -o json'],
  async run(values, _args, context) {
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
  },
};
