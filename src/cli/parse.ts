// argv → flag values through oclif's parser, with its errors rewritten as one line a user can
// act on (exit 2), naming the command and suggesting the flag meant.
import { parse, type ArgInput, type FlagInput } from '@oclif/core/parser';
import { usageError, type CliError } from '../errors';
import type { FlagValues } from './flags';
import { closest } from './suggest';

export interface Parsed {
  values: FlagValues;
  positionals: string[];
}

/** `--dry-run` alone means the plain request: oclif has no flags with an optional value. */
const normaliseArgv = (argv: string[]) => argv.map((arg) => (arg === '--dry-run' ? '--dry-run=request' : arg));

export async function parseArgv(argv: string[], flags: FlagInput, args: ArgInput, label: string, options: { strict?: boolean; positionalsHint?: string } = {}): Promise<Parsed> {
  try {
    const result = await parse(normaliseArgv(argv), { flags, args, strict: options.strict ?? true, '--': true });
    return { values: result.flags as FlagValues, positionals: result.argv as string[] };
  } catch (error) {
    throw explainParseError(error as Error & Record<string, unknown>, Object.keys(flags), label, options.positionalsHint);
  }
}

function explainParseError(error: Error & Record<string, unknown>, known: string[], label: string, positionalsHint = ''): CliError {
  if (Array.isArray(error.flags)) {
    const flag = String(error.flags[0]).replace(/=.*$/, '');
    const hint = closest(flag.replace(/^-+/, ''), known);
    return usageError(`unknown flag ${flag} for ${label}${hint ? ` (did you mean --${hint}?)` : ''}`);
  }
  if (Array.isArray(error.args)) {
    const [first] = error.args as unknown[];
    if (typeof first === 'string') return usageError(`unexpected argument ${JSON.stringify(first)} for ${label}${positionalsHint}`);
    return usageError(`${label} needs ${(error.args as { name: string }[]).map((arg) => arg.name.toUpperCase()).join(' ')}`);
  }
  const message = error.message.split('\n')[0];
  const needsValue = /^Flag (--[\w-]+) expects (?:a value|one of these values)/.exec(message);
  if (needsValue) return usageError(`flag ${needsValue[1]} needs a value`);
  const once = /^Flag (--[\w-]+) can only be specified once/.exec(message);
  if (once) return usageError(`${once[1]} can be given only once`);
  return usageError(message.replace(/^Error: /, ''));
}
