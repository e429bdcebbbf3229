// What every logto command, hand-written or made from an operation record, does the same way
// inside oclif: where errors go, and which Config it runs with.
import { Command } from '@oclif/core/command';
import { Config } from '@oclif/core/config';
import type { LoadOptions } from '@oclif/core/interfaces';

export abstract class LogtoCommand extends Command {
  /**
   * oclif's `Command.run` loads the whole Config a second time, so that a plugin built on another
   * copy of @oclif/core gets a Config of its own (oclif/core#770). Our commands share the CLI's
   * copy, so the Config that found them is the one to run with: ~15 ms less on every start.
   */
  static async run<T extends Command>(this: new (argv: string[], config: Config) => T, argv?: string[], opts?: LoadOptions): Promise<ReturnType<T['run']>> {
    if (!(opts instanceof Config)) return Command.run.call(this, argv, opts) as Promise<ReturnType<T['run']>>;
    return (new this(argv ?? process.argv.slice(2), opts) as unknown as LogtoCommand)._run();
  }

  /** Error handling and exit codes belong to main, the same for every command. */
  async catch(error: Error): Promise<never> {
    throw error;
  }
}
