// Candidates for shell completion: operations from the registry (bundled and synced), hand-written
// commands and their flags from oclif's manifest, so a tab loads neither oclif nor command code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../catalog/locations';
import { findOperation, findSurface } from '../catalog/registry';
import { runRegistry } from './run-registry';
import { flagsOf } from './global-flags';

interface ManifestCommand {
  hidden?: boolean;
  surfaceName?: string;
  flags: Record<string, unknown>;
}

function handWritten(): Map<string, ManifestCommand> {
  const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, ManifestCommand> };
  return new Map(Object.entries(manifest.commands).filter(([, command]) => !command.hidden && !command.surfaceName));
}

/** `words` are those after `logto`, the last one being the word under the cursor (possibly empty). */
export function completions(words: string[]): string[] {
  const registry = runRegistry();
  const commands = handWritten();
  const ids = [...commands.keys()].map((id) => id.split(':'));
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const match = (candidates: string[]) => [...new Set(candidates)].filter((candidate) => candidate.startsWith(current)).sort();

  if (before.length === 0) return match([...registry.surfaces.map((surface) => surface.name), ...ids.map((id) => id[0]), '--help', '--version']);
  const surface = findSurface(registry, before[0]);
  if (before.length === 1) return match([...(surface?.operations.map((operation) => operation.command) ?? []), ...ids.filter((id) => id[0] === before[0] && id[1]).map((id) => id[1])]);
  const operation = surface && findOperation(surface, before[1]);
  if (operation && current.startsWith('-')) {
    return match([...operation.inputs.map((input) => `--${input.flag}`), ...flagsOf(operation).map((flag) => `--${flag.name}`)]);
  }
  const command = commands.get(`${before[0]}:${before[1]}`) ?? commands.get(before[0]);
  if (command && current.startsWith('-')) return match(Object.keys(command.flags).map((name) => `--${name}`));
  return [];
}
