// Where specs and their compiled indexes live.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

// This file compiles to dist/src/catalog/, three levels below the project root.
const ROOT = resolve(__dirname, '..', '..', '..');

export const BUNDLED_SPECS = join(ROOT, 'specs');
export const BUNDLED_INDEX = join(ROOT, 'dist', 'spec-index.json');

/** `$XDG_DATA_HOME/logto/specs`: specs the user adds or syncs become commands like the bundled ones. */
export function userSpecsDir(env: NodeJS.ProcessEnv = process.env): string {
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(dataHome, 'logto', 'specs');
}

export const USER_INDEX_FILE = '.index.json';
