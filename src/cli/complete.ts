// Candidates for shell completion, from the same registry and flag lists as help.
import type { SpecIndex } from '../catalog/record';
import { findOperation, findSurface, type Registry } from '../catalog/registry';
import { BUILTINS } from './builtins';
import { argumentValues, flagValues } from './complete-values';
import { flagsOf } from './parse-flags';

type Surfaces = Registry | Pick<SpecIndex, 'surfaces'>;

/**
 * The flag whose value is under the cursor, and the value typed so far: `--status act` and `-o ya` (the flag is
 * the word before), `--status=act` (zsh and fish pass it whole: candidates keep the `--status=`), and bash's
 * split of the same into `--status`, `=`, `act`.
 */
function valueBeingTyped(words: string[], chars: Map<string, string>, booleans: Set<string>): { flag: string; prefix: string; typed: string } | undefined {
  const current = words.at(-1) ?? '';
  const previous = words.at(-2) ?? '';
  const named = (word: string) => (word.startsWith('--') ? word.slice(2) : /^-\w$/.test(word) ? chars.get(word.slice(1)) : undefined);
  // A boolean flag takes no value: the word after it is something else.
  const nameOf = (word: string) => {
    const name = named(word);
    return name && !booleans.has(name) ? name : undefined;
  };
  const joined = /^(--[^=]+)=(.*)$/.exec(current);
  if (joined) return nameOf(joined[1]) ? { flag: nameOf(joined[1])!, prefix: `${joined[1]}=`, typed: joined[2] } : undefined;
  if (current === '=' && nameOf(previous)) return { flag: nameOf(previous)!, prefix: '', typed: '' };
  if (previous === '=' && nameOf(words.at(-3) ?? '')) return { flag: nameOf(words.at(-3)!)!, prefix: '', typed: current };
  const flag = nameOf(previous);
  return flag && !current.startsWith('-') ? { flag, prefix: '', typed: current } : undefined;
}

/** `words` are those after `logto`, the last one being the word under the cursor (possibly empty). */
export function completions(registry: Surfaces, words: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const match = (candidates: string[]) => [...new Set(candidates)].filter((candidate) => candidate.startsWith(current)).sort();
  const topics = (first: string) => BUILTINS.filter((builtin) => builtin.id.startsWith(`${first} `)).map((builtin) => builtin.id.split(' ')[1]);

  if (before.length === 0) return match([...registry.surfaces.map((surface) => surface.name), ...BUILTINS.map((builtin) => builtin.id.split(' ')[0]), '--help', '--version']);
  const surface = findSurface(registry as Registry, before[0]);
  if (before.length === 1) {
    const single = BUILTINS.some((builtin) => builtin.id === before[0]) ? (argumentValues(before[0], env) ?? []) : [];
    return match([...(surface?.operations.map((operation) => operation.command) ?? []), ...topics(before[0]), ...single]);
  }
  const operation = surface && findOperation(surface, before[1]);
  const builtinFor = () => BUILTINS.find((one) => one.id === `${before[0]} ${before[1]}`) ?? BUILTINS.find((one) => one.id === before[0]);
  const flags = operation ? flagsOf(operation) : (builtinFor()?.load().flags ?? []);
  const booleans = new Set([...flags.filter((flag) => flag.kind === 'boolean').map((flag) => flag.name), ...(operation?.inputs.filter((input) => input.type === 'boolean').map((input) => input.flag) ?? [])]);
  const value = valueBeingTyped(words, new Map(flags.filter((flag) => flag.char).map((flag) => [flag.char!, flag.name])), booleans);
  if (value) {
    const values = flagValues(value.flag, registry, env, operation);
    return [...new Set(values ?? [])].filter((one) => one.startsWith(value.typed)).sort().map((one) => `${value.prefix}${one}`);
  }
  if (operation && current.startsWith('-')) {
    return match([...operation.inputs.map((input) => `--${input.flag}`), ...flagsOf(operation).map((flag) => `--${flag.name}`)]);
  }
  const builtin = builtinFor();
  if (builtin && current.startsWith('-')) return match(builtin.load().flags.map((flag) => `--${flag.name}`));
  return builtin ? match(argumentValues(builtin.id, env) ?? []) : [];
}
