import { loadConfig, profileName } from '../../src/config/config';
import { outputFor, structured } from '../../src/cli/builtin-flags';
import type { Command } from '../../src/cli/command';
import { printData } from '../../src/output/format';
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
    if (structured(values)) return printData({ [key]: value }, outputFor(values, context.io), context.io);
    context.io.out(`${value}\n`);
  },
};
