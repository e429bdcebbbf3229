// Writes synced capabilities into the user's specs directory, atomically: everything
// is written and compiled in a fresh directory that replaces the old one in a rename,
// so a failed sync leaves the previous specs in place.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { compileSpecDir, isSpecFile } from './compile-dir';
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

/** Replaces `dir` with its current files, minus `remove`, plus `capabilities`. */
export function replaceSpecs(dir: string, capabilities: Map<string, { doc: NaftikoDocument; source: string }>, remove: string[] = []): WriteResult {
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
    for (const [surface, { doc, source }] of capabilities) {
      writeFileSync(join(fresh, specFileOf(surface)), `# Synced by logto specs sync from ${source} at ${syncedAt}. Regenerated on every sync.\n${stringify(doc, { lineWidth: 120 })}`);
      record.surfaces[surface] = { source, syncedAt };
    }
    const { index, errors } = compileSpecDir(fresh);
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
