import { outputFor } from '../../src/cli/builtin-flags';
import { loadConfig, profileName } from '../../src/config/config';
import type { Command } from '../../src/cli/command';
import { GLOBAL_FLAGS } from '../../src/cli/global-flags';
import { printData } from '../../src/output/format';
import { PROFILE_FLAG } from './shared';

export const command: Command = {
  flags: [...PROFILE_FLAG, { name: 'all', kind: 'boolean', description: 'Every profile' }, ...GLOBAL_FLAGS.filter((flag) => flag.name === 'output')],
  examples: ['logto config list', 'logto config list --all -o yaml'],
  async run(values, _args, context) {
    const { profiles } = loadConfig(context.env);
    const data = values.all ? profiles : (profiles[profileName(values.profile as string | undefined, context.env)] ?? {});
    await printData(data, outputFor(values, context.io), context.io);
  },
};
