// The registry of this run, loaded once; its warnings (broken user specs) are printed once.
import { loadRegistry, type Registry } from '../catalog/registry';
import { getContext } from './context';

let loaded: Registry | undefined;

export function runRegistry(): Registry {
  if (loaded) return loaded;
  const context = getContext();
  loaded = loadRegistry(context.env);
  for (const warning of loaded.warnings) context.io.err(`warning: ${warning}\n`);
  return loaded;
}
