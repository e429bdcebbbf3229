// File inputs of MCP tools (multipart uploads): a client may only name files inside the directory
// given with `mcp serve --allow-files DIR`, resolved with every symbolic link followed.
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';
import { usageError } from '../errors';

/** The real path of --allow-files DIR: it must be an existing directory. */
export function allowedRoot(dir: string): string {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (error) {
    throw usageError(`--allow-files ${dir}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (error as Error).message}`);
  }
  if (!statSync(real).isDirectory()) throw usageError(`--allow-files ${dir}: not a directory`);
  return real;
}

/** The real path of a file a client named, or the reason it may not be read. */
export function allowedFile(root: string | undefined, requested: string, flag: string): { path: string } | { problem: string } {
  if (root === undefined) return { problem: `${flag}: file inputs are off; start logto mcp serve with --allow-files DIR to allow files from DIR` };
  if (requested.includes('\0') || requested.split(/[\\/]/).includes('..')) return { problem: `${flag}: the path must not contain ..` };
  let real: string;
  try {
    real = realpathSync(isAbsolute(requested) ? requested : join(root, requested));
  } catch {
    return { problem: `${flag}: no such file in the allowed directory` };
  }
  // Checked on the resolved path, so a symbolic link inside the directory cannot lead out of it.
  if (!real.startsWith(`${root}${sep}`)) return { problem: `${flag}: ${JSON.stringify(requested)} is outside the allowed directory` };
  if (!statSync(real).isFile()) return { problem: `${flag}: not a regular file` };
  return { path: real };
}
