// Candidates for shell completion: operations from the registry (bundled and synced), hand-written
// commands and their flags from oclif's manifest, so a tab loads neither oclif nor command code;
// and the values that may follow a flag or a command (see complete-values).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../catalog/locations';
import { findOperation, findSurface } from '../catalog/registry';
import { argumentValues, flagValues } from './complete-values';
import { runRegistry } from './run-registry';
import { flagsOf } from './global-flags';

interface ManifestFlag {
  type?: 'boolean' | 'option';
  char?: string;
}

interface ManifestCommand {
  hidden?: boolean;
  surfaceName?: string;
  flags: Record<string, ManifestFlag>;
}

function handWritten(): Map<string, ManifestCommand> {
  const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, ManifestCommand> };
  return new Map(Object.entries(manifest.commands).filter(([, command]) => !command.hidden && !command.surfaceName));
}

/** A flag by long name, with its short letter and whether it takes a value. */
interface KnownFlag {
  name: string;
  char?: string;
  takesValue: boolean;
}

/**
 * The flag whose value is under the cursor, and the value typed so far: `--mode li` and `-o ya` (the flag is
 * the word before), `--mode=li` (zsh and fish pass it whole: candidates keep the `--mode=`), and bash's
 * split of the same into `--mode`, `=`, `li`. A boolean flag takes no value: the word after it is something else.
 */
function valueBeingTyped(words: string[], flags: KnownFlag[]): { flag: string; prefix: string; typed: string } | undefined {
  const current = words.at(-1) ?? '';
  const previous = words.at(-2) ?? '';
  const nameOf = (word: string) => {
    const flag = flags.find((one) => (word.startsWith('--') ? `--${one.name}` === word : one.char !== undefined && `-${one.char}` === word));
    return flag?.takesValue ? flag.name : undefined;
  };
  const joined = /^(--[^=]+)=(.*)$/.exec(current);
  if (joined) return nameOf(joined[1]) ? { flag: nameOf(joined[1])!, prefix: `${joined[1]}=`, typed: joined[2] } : undefined;
  if (current === '=' && nameOf(previous)) return { flag: nameOf(previous)!, prefix: '', typed: '' };
  if (previous === '=' && nameOf(words.at(-3) ?? '')) return { flag: nameOf(words.at(-3)!)!, prefix: '', typed: current };
  const flag = nameOf(previous);
  return flag && !current.startsWith('-') ? { flag, prefix: '', typed: current } : undefined;
}

/** `words` are those after `logto`, the last one being the word under the cursor (possibly empty). */
export function completions(words: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const registry = runRegistry();
  const commands = handWritten();
  const ids = [...commands.keys()].map((id) => id.split(':'));
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const match = (candidates: string[]) => [...new Set(candidates)].filter((candidate) => candidate.startsWith(current)).sort();

  if (before.length === 0) return match([...registry.surfaces.map((surface) => surface.name), ...ids.map((id) => id[0]), '--help', '--version']);
  const surface = findSurface(registry, before[0]);
  if (before.length === 1) {
    const single = commands.has(before[0]) ? (argumentValues(before[0], env) ?? []) : [];
    return match([...(surface?.operations.map((operation) => operation.command) ?? []), ...ids.filter((id) => id[0] === before[0] && id[1]).map((id) => id[1]), ...single]);
  }
  const operation = surface && findOperation(surface, before[1]);
  const commandId = commands.has(`${before[0]}:${before[1]}`) ? `${before[0]}:${before[1]}` : before[0];
  const command = operation ? undefined : commands.get(commandId);
  const flags: KnownFlag[] = operation
    ? [
        ...operation.inputs.map((input) => ({ name: input.flag, takesValue: input.type !== 'boolean' })),
        ...flagsOf(operation).map((flag) => ({ name: flag.name, char: flag.char, takesValue: flag.kind !== 'boolean' })),
      ]
    : Object.entries(command?.flags ?? {}).map(([name, flag]) => ({ name, char: flag.char, takesValue: flag.type !== 'boolean' }));

  const value = valueBeingTyped(words, flags);
  if (value) {
    const values = flagValues(value.flag, registry, env, operation);
    return [...new Set(values ?? [])].filter((one) => one.startsWith(value.typed)).sort().map((one) => `${value.prefix}${one}`);
  }
  if ((operation || command) && current.startsWith('-')) return match(flags.map((flag) => `--${flag.name}`));
  return command ? match(argumentValues(commandId.replace(':', ' '), env) ?? []) : [];
}
