import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { outputFor, withOutputFlags } from '../../src/cli/builtin-flags';
import { loadConfig, profileName, signedIn } from '../../src/config/config';
import { printData } from '../../src/output/format';

export default class AuthListCommand extends BuiltinCommand {
  static summary = 'List the profiles';

  static description = 'One row per profile in config.yaml: endpoint, the M2M app, the user sign-in, and which profile is current.';

  static flags = oclifFlags(withOutputFlags([]));

  static examples = ['logto auth list', 'logto auth list -o json -q "[?user].profile"'];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const { profiles } = loadConfig(context.env);
    const current = profileName(undefined, context.env);
    const rows = Object.entries(profiles).map(([name, profile]) => ({
      profile: name,
      current: name === current,
      endpoint: profile.endpoint ?? (profile.tenant ? `https://${profile.tenant}.logto.app` : null),
      m2m: signedIn(profile, 'm2m') ? profile['m2m-client-id'] : null,
      user: signedIn(profile, 'user') ? `${profile.subject ?? profile['client-id'] ?? '?'} (${profile.method})` : null,
    }));
    await printData(rows, outputFor(values, context.io), context.io);
  }
}
