// Candidates for shell completion, from the same registry and flag lists as help.
import type { SpecIndex } from '../catalog/record';
import { findOperation, findSurface, type Registry } from '../catalog/registry';
import { BUILTINS } from './builtins';
import { flagsOf } from './parse-flags';

type Surfaces = Registry | Pick<SpecIndex, 'surfaces'>;

/** `words` are those after `logto`, the last one being the word under the cursor (possibly empty). */
export function completions(registry: Surfaces, words: string[]): string[] {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const match = (candidates: string[]) => [...new Set(candidates)].filter((candidate) => candidate.startsWith(current)).sort();
  const topics = (first: string) => BUILTINS.filter((builtin) => builtin.id.startsWith(`${first} `)).map((builtin) => builtin.id.split(' ')[1]);

  if (before.length === 0) return match([...registry.surfaces.map((surface) => surface.name), ...BUILTINS.map((builtin) => builtin.id.split(' ')[0]), '--help', '--version']);
  const surface = findSurface(registry as Registry, before[0]);
  if (before.length === 1) return match([...(surface?.operations.map((operation) => operation.command) ?? []), ...topics(before[0])]);
  const operation = surface && findOperation(surface, before[1]);
  if (operation && current.startsWith('-')) {
    return match([...operation.inputs.map((input) => `--${input.flag}`), ...flagsOf(operation).map((flag) => `--${flag.name}`)]);
  }
  const builtin = BUILTINS.find((one) => one.id === `${before[0]} ${before[1]}`) ?? BUILTINS.find((one) => one.id === before[0]);
  if (builtin && current.startsWith('-')) return match(builtin.load().flags.map((flag) => `--${flag.name}`));
  return [];
}
