// Our flag declarations (FlagSpec, the records' inputs) as oclif flags. Every value is parsed
// as a string and typed afterwards, so that a bad value gets our one-line message.
import { string as stringArg } from '@oclif/core/args';
import { boolean, string } from '@oclif/core/flags';
import type { ArgInput, FlagInput } from '@oclif/core/parser';
import type { FlagSpec } from './global-flags';

export type FlagValues = Record<string, string | boolean | string[] | undefined>;

/** `[env: X]` stays documentation: the session reads the variable itself, so --token warns only when typed. */
export function describe(flag: FlagSpec): string {
  return `${flag.description}${flag.env ? ` [env: ${flag.env}]` : ''}`;
}

export function oclifFlags(specs: FlagSpec[]): FlagInput {
  const flags: FlagInput = {};
  for (const spec of specs) {
    const common = { description: describe(spec), ...(spec.char ? { char: spec.char as 'a' } : {}) };
    flags[spec.name] =
      spec.kind === 'boolean'
        ? boolean({ ...common, allowNo: spec.name !== 'help' })
        : spec.multiple
          ? string({ ...common, helpValue: spec.value, multiple: true, multipleNonGreedy: true })
          : string({ ...common, helpValue: spec.value });
  }
  return flags;
}

/** Positional arguments by name; `NAME...` takes the rest (the command is then not strict). */
export function oclifArgs(names: string[]): ArgInput {
  const args: ArgInput = {};
  for (const name of names) {
    const bare = name.replace(/^\[|\]$/g, '').replace(/\.\.\.$/, '');
    // ignoreStdin: oclif would otherwise read stdin for a missing argument.
    args[bare] = stringArg({ required: !name.startsWith('['), ignoreStdin: true, description: bare.toUpperCase() });
  }
  return args;
}
