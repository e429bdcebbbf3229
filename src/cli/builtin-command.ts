// The base of the hand-written commands: oclif parses the flags declared as FlagSpecs,
// then `execute` gets the values, the positional arguments and the run's context.
import type { CommandContext } from './context';
import { getContext } from './context';
import type { FlagValues } from './flags';
import { LogtoCommand } from './logto-command';
import { parseArgv } from './parse';

export abstract class BuiltinCommand extends LogtoCommand {
  async run(): Promise<void> {
    const ctor = this.constructor as typeof BuiltinCommand;
    const label = ctor.id.replaceAll(':', ' ');
    const { values, positionals } = await parseArgv(this.argv, ctor.flags ?? {}, ctor.args ?? {}, label, { strict: ctor.strict });
    this.parsed = true;
    await this.execute(values, positionals, getContext());
  }

  abstract execute(values: FlagValues, args: string[], context: CommandContext): Promise<void>;
}
