// Writes synced capabilities into the user's specs directory, atomically: everything
// is written and compiled in a fresh directory that replaces the old one in a rename,
// so a failed sync leaves the previous specs in place.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { compileSpecDir, compileSpecDirSteps, isSpecFile, type CompileResult } from './compile-dir';
import type { NaftikoDocument } from './naftiko';
import { writeIndex } from './registry';

export const SYNC_FILE = '.sync.json';

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

/** Replaces `dir` with its current files, minus `remove`, plus `capabilities`. */
export async function replaceSpecs(
  dir: string,
  capabilities: Map<string, { doc: NaftikoDocument; source: string }>,
  remove: string[] = [],
  onProgress?: SyncProgress,
): Promise<WriteResult> {
  const { stringify } = require('yaml') as typeof import('yaml');
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const fresh = join(parent, `.${basename(dir)}.new-${process.pid}`);
  rmSync(fresh, { recursive: true, force: true });
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
    const old = join(parent, `.${basename(dir)}.old-${process.pid}`);
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(fresh, dir);
    rmSync(old, { recursive: true, force: true });
    return { written: [...capabilities.keys()].filter((surface) => existsSync(join(dir, specFileOf(surface)))), errors };
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}
