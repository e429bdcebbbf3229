// Hand-written commands (auth, config, experience start/finish, ...): declared with
// their flags, parsed and helped by the same code as the generated ones.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from '../errors';
import type { CommandContext } from './context';
import { GLOBAL_FLAGS, type FlagSpec } from './global-flags';
import { closest } from './suggest';

export type FlagValues = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  description?: string;
  flags: FlagSpec[];
  /** Names of positional arguments, in order; the last may be variadic (`NAME...`). */
  args?: string[];
  examples: string[];
  run(flags: FlagValues, args: string[], context: CommandContext): Promise<void>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function optionsFor(flags: FlagSpec[]): Options {
  const options: Options = {};
  for (const flag of flags) {
    options[flag.name] = { type: flag.kind === 'boolean' ? 'boolean' : 'string', ...(flag.char ? { short: flag.char } : {}), ...(flag.multiple ? { multiple: true } : {}) };
  }
  return options;
}

/** `--dry-run` alone means the plain request; parseArgs needs it spelled out. */
export const normaliseArgv = (argv: string[]) => argv.map((arg) => (arg === '--dry-run' ? '--dry-run=request' : arg));

export function parseFlagsFor(flags: FlagSpec[], argv: string[], id: string, allowPositionals: boolean): { values: FlagValues; positionals: string[] } {
  const options = optionsFor(flags);
  try {
    const { values, positionals } = parseArgs({ args: normaliseArgv(argv), options, strict: true, allowPositionals, allowNegative: true });
    return { values: values as FlagValues, positionals };
  } catch (error) {
    throw explainParseError(error as Error, Object.keys(options), id);
  }
}

/** node:util parseArgs messages, rewritten as one line a user can act on. */
export function explainParseError(error: Error, known: string[], id: string): Error {
  const unknown = /Unknown option '([^']+)'/.exec(error.message);
  if (unknown) {
    const hint = closest(unknown[1].replace(/^-+/, ''), known);
    return usageError(`unknown flag ${unknown[1]} for ${id}${hint ? ` (did you mean --${hint}?)` : ''}`);
  }
  const missingValue = /Option '(?:-\w, )?(--[^ ']+)[^']*' argument missing/.exec(error.message);
  if (missingValue) return usageError(`flag ${missingValue[1]} needs a value`);
  const positional = /Unexpected argument '([^']*)'/.exec(error.message);
  if (positional) return usageError(`unexpected argument ${JSON.stringify(positional[1])} for ${id}: values are given as flags`);
  return usageError(error.message.split('\n')[0]);
}

/** Every built-in command takes -o and -q, as the generated ones do. */
export function commandFlags(command: Command): FlagSpec[] {
  const missing = GLOBAL_FLAGS.filter((flag) => (flag.name === 'output' || flag.name === 'query') && !command.flags.some((own) => own.name === flag.name));
  return [...command.flags, ...missing];
}

export async function runCommand(id: string, command: Command, argv: string[], context: CommandContext): Promise<void> {
  const { values, positionals } = parseFlagsFor(commandFlags(command), argv, id, (command.args ?? []).length > 0);
  const expected = command.args ?? [];
  const variadic = expected.at(-1)?.endsWith('...') === true;
  const required = expected.filter((name) => !name.startsWith('['));
  if (positionals.length < required.length) throw usageError(`${id} needs ${required.slice(positionals.length).join(' ')}`);
  if (!variadic && positionals.length > expected.length) throw usageError(`unexpected argument ${JSON.stringify(positionals[expected.length])} for ${id}`);
  await command.run(values, positionals, context);
}
