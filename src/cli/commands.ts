// oclif's explicit command discovery: id → command class. Hand-written commands are required
// only when they run; an operation's class is made from its record when it runs, reading only
// its surface's operations. Operations of synced specs are found at run time through the
// command_not_found hook (src/cli/not-found.ts), by the same `operationClass`.
import type { Command } from '@oclif/core/command';
import { findOperation, findSurface, loadBundledIndex } from '../catalog/registry';
import { runRegistry } from './run-registry';

// Literal requires, so that the bundler sees every command; each runs only when asked for.
const HAND_WRITTEN: Record<string, () => { default: Command.Class }> = {
  'auth:login': () => require('../../commands/auth/login'),
  'auth:status': () => require('../../commands/auth/status'),
  'auth:token': () => require('../../commands/auth/token'),
  'auth:verify': () => require('../../commands/auth/verify'),
  'auth:logout': () => require('../../commands/auth/logout'),
  'config:get': () => require('../../commands/config/get'),
  'config:set': () => require('../../commands/config/set'),
  'config:list': () => require('../../commands/config/list'),
  api: () => require('../../commands/api'),
  batch: () => require('../../commands/batch'),
  completion: () => require('../../commands/completion'),
  help: () => require('../../commands/help'),
  'mcp:serve': () => require('../../commands/mcp/serve'),
  'mcp:tools': () => require('../../commands/mcp/tools'),
  'specs:sync': () => require('../../commands/specs/sync'),
  'specs:list': () => require('../../commands/specs/list'),
  'specs:remove': () => require('../../commands/specs/remove'),
  'experience:start': () => require('../../commands/experience/start'),
  'experience:finish': () => require('../../commands/experience/finish'),
};

/** The class of `surface:command` from the registry (bundled and synced), or undefined. */
export function operationClass(surfaceName: string, commandName: string): Command.Class | undefined {
  const surface = findSurface(runRegistry(), surfaceName);
  const operation = surface && findOperation(surface, commandName);
  if (!surface || !operation) return undefined;
  const { operationCommand } = require('../../commands/operation') as typeof import('../../commands/operation');
  return operationCommand(surface, operation) as unknown as Command.Class;
}

export const commands: Record<string, Command.Class> = {};
for (const [id, load] of Object.entries(HAND_WRITTEN)) {
  Object.defineProperty(commands, id, { enumerable: true, get: () => load().default });
}
for (const surface of loadBundledIndex().surfaces) {
  for (const operation of surface.operations) {
    Object.defineProperty(commands, `${surface.name}:${operation.command}`, { enumerable: true, get: () => operationClass(surface.name, operation.command) });
  }
}
