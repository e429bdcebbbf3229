// `logto help [SURFACE] [COMMAND]`: the same help as --help.
import { BuiltinCommand } from '../src/cli/builtin-command';
import { oclifFlags, type FlagValues } from '../src/cli/flags';

export default class HelpCommand extends BuiltinCommand {
  static summary = 'Show help for a surface or a command';

  static strict = false;

  static flags = oclifFlags([]);

  static examples = ['logto help', 'logto help my-account', 'logto help my-account get-profile'];

  async execute(_values: FlagValues, words: string[]): Promise<void> {
    const { default: Help } = require('../src/cli/help') as typeof import('../src/cli/help');
    await new Help(this.config).showHelp(words);
  }
}
