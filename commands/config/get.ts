import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifArgs, oclifFlags, type FlagValues } from '../../src/cli/flags';
import { loadConfig, profileName } from '../../src/config/config';
import { CliError, ExitCode } from '../../src/errors';
import { PROFILE_FLAG, profileKey } from './shared';

export default class ConfigGetCommand extends BuiltinCommand {
  static summary = 'Print one setting of the profile';

  static flags = oclifFlags(PROFILE_FLAG);

  static args = oclifArgs(['key']);

  static examples = ['logto config get endpoint'];

  async execute(values: FlagValues, [key]: string[], context: CommandContext): Promise<void> {
    const name = profileName(values.profile as string | undefined, context.env);
    const value = loadConfig(context.env).profiles[name]?.[profileKey(key)];
    if (value === undefined) throw new CliError(`${key} is not set for profile ${name}`, ExitCode.usage);
    context.io.out(`${value}\n`);
  }
}
