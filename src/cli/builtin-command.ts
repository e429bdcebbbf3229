// The base of the hand-written commands: oclif parses the flags declared as FlagSpecs,
// then `execute` gets the values, the positional arguments and the run's context.
import { Command } from '@oclif/core/command';
import type { CommandContext } from './context';
import { getContext } from './context';
import type { FlagValues } from './flags';
import { parseArgv } from './parse';

export abstract class BuiltinCommand extends Command {
  /** Error handling and exit codes belong to main, the same for every command. */
  async catch(error: Error): Promise<never> {
    throw error;
  }

  async run(): Promise<void> {
    const ctor = this.constructor as typeof BuiltinCommand;
    const label = ctor.id.replaceAll(':', ' ');
    const { values, positionals } = await parseArgv(this.argv, ctor.flags ?? {}, ctor.args ?? {}, label, { strict: ctor.strict });
    this.parsed = true;
    await this.execute(values, positionals, getContext());
  }

  abstract execute(values: FlagValues, args: string[], context: CommandContext): Promise<void>;
}
