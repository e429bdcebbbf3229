// Operations the spec hints as destructive: confirm on a terminal, demand --yes elsewhere.
import { CliError, ExitCode, usageError } from '../errors';
import type { IO } from '../output/io';
import { escapeControl } from '../output/safe-text';

export async function confirmDestructive(what: string, target: string, io: IO): Promise<void> {
  if (!io.stdinIsTTY || !io.stdoutIsTTY) {
    throw usageError(`${what} is destructive (${target}): pass --yes to run it without a terminal`);
  }
  const { confirm } = await import('@inquirer/prompts');
  const proceed = await confirm({ message: escapeControl(`${what}: ${target}. Continue?`), default: false });
  if (!proceed) throw new CliError('aborted: nothing was sent', ExitCode.usage);
}
