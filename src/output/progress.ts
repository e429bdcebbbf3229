// A status line on stderr while a long run works (--all, batch, specs sync): oclif's ux.action,
// a spinner followed by counts. Only for a person watching: never when stderr is piped, never
// under CI, never on a dumb terminal. @oclif/core/ux costs ~80 ms, so it is loaded only then.
import type { IO } from './io';

export interface Progress {
  update(status: string): void;
  /** Leaves the final counts on the line. */
  done(status: string): void;
  /** After an error or Ctrl-C: the last counts, marked as stopped. */
  stopped(): void;
}

const SILENT: Progress = { update: () => undefined, done: () => undefined, stopped: () => undefined };

export const showsProgress = (io: IO, env: NodeJS.ProcessEnv) => io.stderrIsTTY && !env.CI && env.TERM !== 'dumb';

export function startProgress(io: IO, env: NodeJS.ProcessEnv, label: string, status: string): Progress {
  if (!showsProgress(io, env)) return SILENT;
  // While it runs, ux.action holds writes to stdout and stderr and prints them above its line.
  const { action } = require('@oclif/core/ux') as typeof import('@oclif/core/ux');
  let last = status;
  action.start(label, status);
  return {
    update: (next) => {
      last = next;
      action.status = next;
    },
    done: (final) => action.stop(final),
    stopped: () => action.stop(`${last} (stopped)`),
  };
}

/** Runs `work` with a status line, closing it whether the work succeeds or fails. */
export async function withProgress<T>(io: IO, env: NodeJS.ProcessEnv, label: string, status: string, work: (progress: Progress) => Promise<T>, final: () => string): Promise<T> {
  const progress = startProgress(io, env, label, status);
  try {
    const result = await work(progress);
    progress.done(final());
    return result;
  } catch (error) {
    progress.stopped();
    throw error;
  }
}
