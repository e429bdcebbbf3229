// Writes synced capabilities into the user's specs directory.
//
// The specs directory is a symbolic link to a generation directory beside it
// (`.specs.g-<time>-<pid>`). A sync writes and compiles a new generation, then points the
// link at it by renaming a new link over the old one: one atomic step, so no reader ever
// finds the directory missing or half written, and a sync killed at any moment leaves the
// previous specs in place. Syncs are serialised by a cross-process lock, so two syncs of
// different surfaces both land, and each sync removes what killed syncs left behind.
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { withLock } from '../auth/lock';
import { ExitCode } from '../errors';
import { compileSpecDir, compileSpecDirSteps, isSpecFile, type CompileResult } from './compile-dir';
import type { NaftikoDocument } from './naftiko';
import { writeIndex } from './registry';

export const SYNC_FILE = '.sync.json';

/** A sync of the whole API takes seconds; a live holder is waited for much longer than that. */
const SYNC_LOCK_HOLD_MS = 5 * 60_000;

export interface SyncRecord {
  /** Surface → where it came from and when. */
  surfaces: Record<string, { source: string; syncedAt: string }>;
}

export const specFileOf = (surface: string) => `logto-${surface}.yaml`;

export function readSyncRecord(dir: string): SyncRecord {
  try {
    return JSON.parse(readFileSync(join(dir, SYNC_FILE), 'utf8')) as SyncRecord;
  } catch {
    return { surfaces: {} };
  }
}

export interface WriteResult {
  written: string[];
  /** Files that did not compile: reported and left out, never breaking the others. */
  errors: string[];
}

/** Told what is happening, between files; the sync pauses until it returns (a status line gets to draw). */
export type SyncProgress = (status: string) => Promise<void>;

async function compileReporting(dir: string, onProgress: SyncProgress | undefined): Promise<CompileResult> {
  const steps = compileSpecDirSteps(dir);
  let step = steps.next();
  while (!step.done) {
    await onProgress?.(`compiling surface ${step.value.index + 1} of ${step.value.count}: ${step.value.file.replace(/^logto-|\.ya?ml$/g, '')}`);
    step = steps.next();
  }
  return step.value;
}

/** Names beside `specs`: generations, and the scratch names of a sync in progress. */
const siblings = (dir: string) => {
  const prefix = `.${basename(dir)}.`;
  return {
    prefix,
    generation: `${prefix}g-${String(Date.now()).padStart(15, '0')}-${process.pid}`,
    fresh: join(dirname(dir), `${prefix}new-${process.pid}`),
    link: join(dirname(dir), `${prefix}link-${process.pid}`),
    legacy: join(dirname(dir), `${prefix}legacy-${process.pid}`),
  };
};

/** The generation the link points at, or undefined when `dir` is missing or a plain directory. */
function currentGeneration(dir: string): string | undefined {
  try {
    return lstatSync(dir).isSymbolicLink() ? basename(readlinkSync(dir)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs under the lock, so no other sync is in progress: every scratch entry is a killed sync's.
 * The previous generation stays, for a process that read the index just before the last swap.
 */
function removeLeftovers(dir: string): void {
  const parent = dirname(dir);
  const { prefix } = siblings(dir);
  const entries = readdirSync(parent).filter((name) => name.startsWith(prefix));
  // A sync killed between the two renames of the one-time move to a link: put the directory back.
  if (currentGeneration(dir) === undefined && !existsSync(dir)) {
    const legacy = entries.find((name) => name.startsWith(`${prefix}legacy-`));
    if (legacy) renameSync(join(parent, legacy), dir);
  }
  const current = currentGeneration(dir);
  const generations = entries.filter((name) => name.startsWith(`${prefix}g-`) && name !== current).sort();
  const keep = new Set([current, generations.at(-1)]);
  for (const name of entries) if (!keep.has(name)) rmSync(join(parent, name), { recursive: true, force: true });
}

/** Points `dir` at `generation` in one rename. */
function swapIn(dir: string, generation: string): void {
  const { link, legacy } = siblings(dir);
  rmSync(link, { force: true });
  symlinkSync(generation, link);
  let plainDirectory = false;
  try {
    plainDirectory = !lstatSync(dir).isSymbolicLink();
  } catch {
    // No specs yet.
  }
  // Once only, for a directory made before generations existed (or by hand): a directory cannot
  // be replaced in one step, so it moves aside first. removeLeftovers repairs a kill in between.
  if (plainDirectory) renameSync(dir, legacy);
  renameSync(link, dir);
  if (plainDirectory) rmSync(legacy, { recursive: true, force: true });
}

/** Replaces the specs in `dir` with its current files, minus `remove`, plus `capabilities`. */
export function replaceSpecs(
  dir: string,
  capabilities: Map<string, { doc: NaftikoDocument; source: string }>,
  remove: string[],
  env: NodeJS.ProcessEnv,
  onProgress?: SyncProgress,
): Promise<WriteResult> {
  mkdirSync(dirname(dir), { recursive: true });
  return withLock(env, 'specs-sync', { holdMs: SYNC_LOCK_HOLD_MS, what: 'the specs', exitCode: ExitCode.server }, () => writeGeneration(dir, capabilities, remove, onProgress));
}

async function writeGeneration(
  dir: string,
  capabilities: Map<string, { doc: NaftikoDocument; source: string }>,
  remove: string[],
  onProgress: SyncProgress | undefined,
): Promise<WriteResult> {
  const { stringify } = require('yaml') as typeof import('yaml');
  removeLeftovers(dir);
  const { fresh, generation } = siblings(dir);
  mkdirSync(fresh);
  try {
    const replaced = new Set([...capabilities.keys(), ...remove].map(specFileOf));
    if (existsSync(dir)) {
      for (const file of readdirSync(dir).filter((name) => isSpecFile(name) && !replaced.has(name))) copyFileSync(join(dir, file), join(fresh, file));
    }
    const record = readSyncRecord(dir);
    for (const surface of remove) delete record.surfaces[surface];
    const syncedAt = new Date().toISOString();
    for (const [number, [surface, { doc, source }]] of [...capabilities].entries()) {
      await onProgress?.(`writing surface ${number + 1} of ${capabilities.size}: ${surface}`);
      writeFileSync(join(fresh, specFileOf(surface)), `# Synced by logto specs sync from ${source} at ${syncedAt}. Regenerated on every sync.\n${stringify(doc, { lineWidth: 120 })}`);
      record.surfaces[surface] = { source, syncedAt };
    }
    const { index, errors } = await compileReporting(fresh, onProgress);
    for (const error of errors) {
      const file = error.split(':')[0];
      rmSync(join(fresh, file), { force: true });
      delete record.surfaces[file.replace(/^logto-|\.ya?ml$/g, '')];
    }
    const final = errors.length > 0 ? compileSpecDir(fresh).index : index;
    writeFileSync(join(fresh, SYNC_FILE), JSON.stringify(record, null, 2));
    writeIndex(fresh, final);
    renameSync(fresh, join(dirname(dir), generation));
    swapIn(dir, generation);
    removeLeftovers(dir);
    return { written: [...capabilities.keys()].filter((surface) => existsSync(join(dir, specFileOf(surface)))), errors };
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}
