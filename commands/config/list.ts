import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { loadConfig, profileName } from '../../src/config/config';
import { GLOBAL_FLAGS } from '../../src/cli/global-flags';
import { chooseFormat, printData } from '../../src/output/format';
import { PROFILE_FLAG } from './shared';

export default class ConfigListCommand extends BuiltinCommand {
  static summary = "List the profile's settings";

  static flags = oclifFlags([...PROFILE_FLAG, { name: 'all', kind: 'boolean', description: 'Every profile' }, ...GLOBAL_FLAGS.filter((flag) => flag.name === 'output')]);

  static examples = ['logto config list', 'logto config list --all -o yaml'];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const { profiles } = loadConfig(context.env);
    const data = values.all ? profiles : (profiles[profileName(values.profile as string | undefined, context.env)] ?? {});
    await printData(data, chooseFormat(values.output as string | undefined, context.io), context.io);
  }
}
