// Where a tail stopped, kept in --resume-file so that a restart prints every entry exactly once.
// GET /api/logs bounds by creation time only (start_time, inclusive, in ms), and several
// entries can share a millisecond or be committed a little after their timestamp. So the
// cursor is a lower bound plus the ids already printed at or after it: every entry at or
// after `start` was either printed (and is in `seen`) or is still to be printed.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { usageError } from '../errors';
import type { LogEntry, LogFilters } from './entry';

/** How far back each poll looks again, for entries committed after younger ones were already read. */
export const OVERLAP_MS = 5_000;

export interface Cursor {
  /** Entries created before this (epoch ms) are never printed. */
  start: number;
  /** Printed entries created at or after `start`: id → createdAt. */
  seen: Record<string, number>;
}

interface ResumeFile extends Cursor {
  version: 1;
  filters: LogFilters;
}

const sameFilters = (a: LogFilters, b: LogFilters) => (['userId', 'applicationId', 'logKey'] as const).every((key) => (a[key] ?? null) === (b[key] ?? null));

/** The cursor kept in `file`, or undefined when there is none yet. */
export function loadCursor(file: string, filters: LogFilters): Cursor | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw usageError(`cannot read --resume-file ${file}: ${(error as Error).message}`);
  }
  let saved: Partial<ResumeFile>;
  try {
    saved = JSON.parse(text) as Partial<ResumeFile>;
  } catch {
    throw usageError(`--resume-file ${file} is not a logto logs tail cursor`);
  }
  if (saved.version !== 1 || typeof saved.start !== 'number' || typeof saved.seen !== 'object' || saved.seen === null) {
    throw usageError(`--resume-file ${file} is not a logto logs tail cursor`);
  }
  if (!sameFilters(saved.filters ?? {}, filters)) {
    throw usageError(`--resume-file ${file} was written for other filters (${JSON.stringify(saved.filters)}): use another file for these`);
  }
  return { start: saved.start, seen: saved.seen };
}

/** Written to a temporary file and renamed: a crash leaves the old cursor or the new one, never half of one. */
export function saveCursor(file: string, filters: LogFilters, cursor: Cursor): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ version: 1, filters, ...cursor } satisfies ResumeFile)}\n`);
  renameSync(temporary, file);
}

/** The cursor after printing `printed` (oldest first): look back OVERLAP_MS from the newest entry seen. */
export function advance(cursor: Cursor, printed: LogEntry[]): Cursor {
  const seen = { ...cursor.seen };
  for (const entry of printed) seen[entry.id] = entry.createdAt;
  const newest = Math.max(cursor.start, ...Object.values(seen));
  const start = Math.max(cursor.start, newest - OVERLAP_MS);
  return { start, seen: Object.fromEntries(Object.entries(seen).filter(([, createdAt]) => createdAt >= start)) };
}
