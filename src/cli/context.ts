import type { IO } from '../output/io';

/** What every command gets: the streams and the environment, plus what the error printer needs to know. */
export interface CommandContext {
  io: IO;
  env: NodeJS.ProcessEnv;
  verbose: boolean;
  output?: string;
  /** Aborted on Ctrl-C: requests and pagination stop, and the CLI exits 130. */
  signal?: AbortSignal;
}

let current: CommandContext | undefined;

/** Set by main for the run; commands read it rather than building their own streams. */
export function setContext(context: CommandContext): void {
  current = context;
}

export function getContext(): CommandContext {
  if (!current) throw new Error('no command context: commands run through src/cli/main');
  return current;
}
