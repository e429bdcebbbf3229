import { outputFor } from '../../src/cli/builtin-flags';
import type { Command } from '../../src/cli/command';
import { loadConfig, profileName, signedIn } from '../../src/config/config';
import { printData } from '../../src/output/format';

export const command: Command = {
  description: 'One row per profile in config.yaml: endpoint, the M2M app, the user sign-in, and which profile is current.',
  flags: [],
  examples: ['logto auth list', 'logto auth list -o json -q "[?user].profile"'],
  async run(values, _args, context) {
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
  },
};
