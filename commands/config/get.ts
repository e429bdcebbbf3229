import { loadConfig, profileName } from '../../src/config/config';
import type { Command } from '../../src/cli/command';
import { CliError, ExitCode } from '../../src/errors';
import { PROFILE_FLAG, profileKey } from './shared';

export const command: Command = {
  flags: PROFILE_FLAG,
  args: ['key'],
  examples: ['logto config get endpoint'],
  async run(values, [key], context) {
    const name = profileName(values.profile as string | undefined, context.env);
    const value = loadConfig(context.env).profiles[name]?.[profileKey(key)];
    if (value === undefined) throw new CliError(`${key} is not set for profile ${name}`, ExitCode.usage);
    context.io.out(`${value}\n`);
  },
};
