// The command registry: the bundled compiled index plus the user's own specs,
// read the same way. Start-up reads JSON only; YAML is parsed (and the user's
// index rewritten) only when the user's spec files changed since the last run.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_INDEX, USER_INDEX_FILE, userSpecsDir } from './locations';
import { INDEX_SCHEMA_VERSION, type OperationRecord, type SpecIndex, type SurfaceRecord } from './record';

const operationsFile = (dir: string, surface: string) => join(dir, `.index.${surface}.json`);

/**
 * Writes a user index as a summary plus one operations file per surface, so a run reads
 * the operations of the surfaces it uses only. The summary is stamped with the directory's
 * mtime last, since creating the files changes it.
 */
export function writeIndex(dir: string, index: SpecIndex): void {
  for (const surface of index.surfaces) writeFileSync(operationsFile(dir, surface.name), JSON.stringify(surface.operations));
  const summary = { ...index, surfaces: index.surfaces.map(({ operations, ...surface }) => ({ ...surface, operationCount: operations.length })) };
  const file = join(dir, USER_INDEX_FILE);
  writeFileSync(file, JSON.stringify(summary));
  writeFileSync(file, JSON.stringify({ ...summary, dirMtimeMs: statSync(dir).mtimeMs }));
}

/** Surfaces whose operations load on first use. */
function lazySurfaces(dir: string, index: SpecIndex): SurfaceRecord[] {
  return index.surfaces.map((summary) => {
    let operations: OperationRecord[] | undefined;
    return Object.defineProperty({ ...summary }, 'operations', {
      enumerable: true,
      get: () => (operations ??= JSON.parse(readFileSync(operationsFile(dir, summary.name), 'utf8')) as OperationRecord[]),
    }) as SurfaceRecord;
  });
}

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

/**
 * One stat, whatever the number of surfaces: the index is current while the directory is
 * unchanged since it was compiled (adding, removing or renaming a file, or an editor's
 * save-by-rename, changes it; `logto specs sync` replaces the whole directory).
 */
function isCurrent(index: SpecIndex | undefined, dir: string): index is SpecIndex {
  if (!index || index.schemaVersion !== INDEX_SCHEMA_VERSION) return false;
  try {
    return index.dirMtimeMs === statSync(dir).mtimeMs;
  } catch {
    return false;
  }
}

function loadUserIndex(dir: string): { index?: SpecIndex; warnings: string[] } {
  const indexFile = join(dir, USER_INDEX_FILE);
  const cached = readIndex(indexFile);
  if (isCurrent(cached, dir)) return { index: { ...cached, surfaces: lazySurfaces(dir, cached) }, warnings: [] };
  try {
    if (!readdirSync(dir).some((name) => /\.ya?ml$/.test(name))) return { warnings: [] };
  } catch {
    return { warnings: [] };
  }
  // Lazily: only a changed spec directory pays for the YAML parser and compiler.
  const { compileSpecDir } = require('./compile-dir') as typeof import('./compile-dir');
  const { index, errors } = compileSpecDir(dir);
  try {
    writeIndex(dir, index);
  } catch {
    // A read-only data directory still works; it just recompiles next time.
  }
  return { index, warnings: errors.map((error) => `ignoring user spec ${join(dir, error)}`) };
}

const sameRequest = (a: OperationRecord, b: OperationRecord) => a.method === b.method && a.path === b.path;

/**
 * The bundled operation keeps its command name and flags; the synced description of the
 * same request fills in what the bundled one lacks (enums, defaults, descriptions, typed
 * body fields).
 */
export function enrich(bundled: OperationRecord, synced: OperationRecord): OperationRecord {
  const inputs = bundled.inputs.map((input) => {
    const twin = synced.inputs.find((one) => one.in === input.in && one.name === input.name);
    if (!twin) return input;
    return {
      ...input,
      ...(input.enum || !twin.enum ? {} : { enum: twin.enum }),
      ...(input.default !== undefined || twin.default === undefined ? {} : { default: twin.default }),
      ...(input.description || !twin.description ? {} : { description: twin.description }),
    };
  });
  const flags = new Set(inputs.map((input) => input.flag));
  const fields = synced.inputs.filter((one) => one.in === 'body' && !flags.has(one.flag) && bundled.body !== undefined);
  return { ...bundled, inputs: [...inputs, ...fields] };
}

/** Bundled surfaces keep their commands; a synced surface of the same name enriches them and adds what they lack. */
function merge(bundled: SurfaceRecord[], user: SurfaceRecord[]): SurfaceRecord[] {
  const surfaces = bundled.map((surface) => ({ ...surface }));
  for (const extra of user) {
    const existing = surfaces.find((surface) => surface.name === extra.name);
    if (!existing) {
      surfaces.push(extra);
      continue;
    }
    const own = existing.operations;
    const names = new Set(own.map((operation) => operation.command));
    let merged: OperationRecord[] | undefined;
    // Merged on first use, so that a run that never looks at this surface never reads its synced operations.
    Object.defineProperty(existing, 'operations', {
      enumerable: true,
      get: () =>
        (merged ??= [
          ...own.map((operation) => {
            const twin = extra.operations.find((one) => sameRequest(one, operation));
            return twin ? enrich(operation, twin) : operation;
          }),
          ...extra.operations.filter((operation) => !own.some((one) => sameRequest(one, operation)) && !names.has(operation.command)),
        ]),
    });
  }
  return surfaces;
}

let bundledIndex: SpecIndex | undefined;

/** Read once per process: command discovery and the registry both need it. */
export function loadBundledIndex(): SpecIndex {
  if (bundledIndex) return bundledIndex;
  const bundled = (bundledIndex = readIndex(BUNDLED_INDEX));
  if (!bundled) throw new Error(`the compiled spec index ${BUNDLED_INDEX} is missing: run npm run build`);
  return bundled;
}

export function loadUserSurfaces(env: NodeJS.ProcessEnv = process.env): { surfaces: SurfaceRecord[]; warnings: string[] } {
  const user = loadUserIndex(userSpecsDir(env));
  return { surfaces: user.index?.surfaces ?? [], warnings: user.warnings };
}

export function loadRegistry(env: NodeJS.ProcessEnv = process.env): Registry {
  const user = loadUserSurfaces(env);
  return { surfaces: merge(loadBundledIndex().surfaces, user.surfaces), warnings: user.warnings };
}

export function findSurface(registry: Registry, name: string): SurfaceRecord | undefined {
  return registry.surfaces.find((surface) => surface.name === name);
}

export function findOperation(surface: SurfaceRecord, command: string): OperationRecord | undefined {
  return surface.operations.find((operation) => operation.command === command);
}
