// Where specs and their compiled indexes live.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** The package's root: the nearest folder with a package.json above this code, bundled (dist/) or not (dist/src/catalog/). */
function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const PACKAGE_ROOT = packageRoot();
const ROOT = PACKAGE_ROOT;

export const BUNDLED_SPECS = join(ROOT, 'specs');
export const BUNDLED_INDEX = join(ROOT, 'dist', 'spec-index.json');

/** `$XDG_DATA_HOME/logto/specs`: specs the user adds or syncs become commands like the bundled ones. */
export function userSpecsDir(env: NodeJS.ProcessEnv = process.env): string {
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(dataHome, 'logto', 'specs');
}

export const USER_INDEX_FILE = '.index.json';
