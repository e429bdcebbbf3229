// The command registry: the bundled compiled index plus the user's own specs,
// read the same way. Start-up reads JSON only; YAML is parsed (and the user's
// index rewritten) only when the user's spec files changed since the last run.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_INDEX, USER_INDEX_FILE, userSpecsDir } from './locations';
import { INDEX_SCHEMA_VERSION, type OperationRecord, type SpecIndex, type SurfaceRecord } from './record';

export interface Registry {
  surfaces: SurfaceRecord[];
  /** Problems with the user's spec files; their surfaces are left out, the rest still works. */
  warnings: string[];
}

function readIndex(file: string): SpecIndex | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SpecIndex;
  } catch {
    return undefined;
  }
}

function isCurrent(index: SpecIndex | undefined, dir: string, files: string[]): index is SpecIndex {
  if (!index || index.schemaVersion !== INDEX_SCHEMA_VERSION) return false;
  const known = Object.keys(index.sources);
  if (known.length !== files.length) return false;
  return files.every((file) => index.sources[file] === statSync(join(dir, file)).mtimeMs);
}

function loadUserIndex(dir: string): { index?: SpecIndex; warnings: string[] } {
  let files: string[];
  try {
    files = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch {
    return { warnings: [] };
  }
  const indexFile = join(dir, USER_INDEX_FILE);
  const cached = readIndex(indexFile);
  if (isCurrent(cached, dir, files)) return { index: cached, warnings: [] };
  // Lazily: only a changed spec directory pays for the YAML parser and compiler.
  const { compileSpecDir } = require('./compile-dir') as typeof import('./compile-dir');
  const { index, errors } = compileSpecDir(dir);
  try {
    writeFileSync(indexFile, JSON.stringify(index));
  } catch {
    // A read-only data directory still works; it just recompiles next time.
  }
  return { index, warnings: errors.map((error) => `ignoring user spec ${join(dir, error)}`) };
}

/** Bundled surfaces win: a user surface of the same name only adds commands the bundled one lacks. */
function merge(bundled: SurfaceRecord[], user: SurfaceRecord[]): SurfaceRecord[] {
  const surfaces = bundled.map((surface) => ({ ...surface }));
  for (const extra of user) {
    const existing = surfaces.find((surface) => surface.name === extra.name);
    if (!existing) {
      surfaces.push(extra);
      continue;
    }
    const names = new Set(existing.operations.map((operation) => operation.command));
    existing.operations = [...existing.operations, ...extra.operations.filter((operation) => !names.has(operation.command))];
  }
  return surfaces;
}

export function loadRegistry(env: NodeJS.ProcessEnv = process.env): Registry {
  const bundled = readIndex(BUNDLED_INDEX);
  if (!bundled) throw new Error(`the compiled spec index ${BUNDLED_INDEX} is missing: run npm run build`);
  const user = loadUserIndex(userSpecsDir(env));
  return { surfaces: merge(bundled.surfaces, user.index?.surfaces ?? []), warnings: user.warnings };
}

export function findSurface(registry: Registry, name: string): SurfaceRecord | undefined {
  return registry.surfaces.find((surface) => surface.name === name);
}

export function findOperation(surface: SurfaceRecord, command: string): OperationRecord | undefined {
  return surface.operations.find((operation) => operation.command === command);
}
