// oclif's command_not_found hook: runs the operations of synced specs (which oclif's manifest
// cannot know), shows a synced surface's help, and otherwise names what was not found with the
// closest match (ranked by words, see suggest.ts). Every such error exits 2.
import type { Config } from '@oclif/core/config';
import type { Hook } from '@oclif/core/hooks';
import { findSurface } from '../catalog/registry';
import { CliError, ExitCode } from '../errors';
import { operationClass } from './commands';
import { runRegistry } from './run-registry';
import { closest } from './suggest';

type Commands = Pick<Config, 'commands'>;

const handWritten = (config: Commands) => config.commands.filter((command) => !command.hidden && !('surfaceName' in command)).map((command) => command.id.split(':'));

function unknown(what: string, name: string, candidates: string[], context: string[], helpCommand: string): CliError {
  const hint = closest(name, candidates, context);
  return new CliError(`unknown ${what} ${JSON.stringify(name)}${hint ? ` (did you mean ${hint}?)` : ''}; run '${helpCommand}'`, ExitCode.usage);
}

/** The error for words that name no command: an unknown command of a known surface or topic, or an unknown surface. */
export function unknownCommand(words: string[], config: Commands): CliError {
  const [first, second] = words;
  const registry = runRegistry();
  const surface = findSurface(registry, first);
  const topic = handWritten(config).filter((id) => id.length > 1 && id[0] === first).map((id) => id[1]);
  if (surface || topic.length > 0) {
    const names = [...(surface?.operations.map((operation) => operation.command) ?? []), ...topic];
    return unknown('command', second, names, [first], `logto ${first} --help`);
  }
  const names = [...registry.surfaces.map((one) => one.name), ...new Set(handWritten(config).map((id) => id[0]))];
  return unknown('surface', first, names, [], 'logto --help');
}

const hook: Hook.CommandNotFound = async function ({ id, argv = [], config }) {
  const [surfaceName, commandName, ...extra] = id.split(':');
  if (findSurface(runRegistry(), surfaceName)) {
    if (commandName === undefined) {
      const { default: Help } = require('./help') as typeof import('./help');
      return new Help(config).showHelp([surfaceName]);
    }
    const command = operationClass(surfaceName, commandName);
    // Words after the command are not part of its name: the command reports them.
    if (command) return command.run([...extra, ...argv], config);
  }
  throw unknownCommand(id.split(':'), config);
};

export default hook;
