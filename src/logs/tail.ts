// `logs tail`: print the audit log oldest first, then (with --follow) poll for new entries.
// Each batch of lines is written and its cursor saved in one synchronous step: Ctrl-C
// (handled between event-loop turns) can never split a line or separate lines from
// the cursor that records them.
import type { Session } from '../auth/session';
import { CliError, ExitCode } from '../errors';
import type { IO } from '../output/io';
import { advance, loadCursor, saveCursor, type Cursor } from './cursor';
import { readableLine, type LogEntry, type LogFilters } from './entry';
import { fetchLatest, fetchSince } from './fetch';
import { sleep } from '../request/retry';

/** Poll every 2 s while entries arrive; each empty poll doubles the wait, up to 5 × the interval (10 s). */
export const DEFAULT_INTERVAL_MS = 2_000;
export const BACKOFF_FACTOR = 2;
export const MAX_INTERVAL_FACTOR = 5;

export interface TailOptions {
  filters: LogFilters;
  /** Where to begin when there is no cursor yet: a point in time, or the newest N entries. */
  begin: { since: number } | { lines: number };
  follow: boolean;
  resumeFile?: string;
  intervalMs: number;
  format: 'line' | 'ndjson';
}


/** Network failures and 5xx answers are worth waiting out in --follow; anything else (401, 403, 400) is not. */
const transient = (error: unknown) =>
  error instanceof CliError && (error.exitCode === ExitCode.network || (error.exitCode === ExitCode.server && Number(error.detail?.status ?? 0) >= 500));

export async function tail(session: Session, io: IO, options: TailOptions, signal?: AbortSignal): Promise<void> {
  const { filters, resumeFile } = options;
  const emit = (entries: LogEntry[], cursor: Cursor): Cursor => {
    const next = advance(cursor, entries);
    const text = entries.map((entry) => (options.format === 'line' ? readableLine(entry, io.color) : `${JSON.stringify(entry)}\n`)).join('');
    if (text) io.out(text);
    if (resumeFile) saveCursor(resumeFile, filters, next);
    return next;
  };

  let cursor = resumeFile ? loadCursor(resumeFile, filters) : undefined;
  if (!cursor) {
    if ('since' in options.begin) {
      cursor = { start: options.begin.since, seen: {} };
    } else {
      const latest = await fetchLatest(session, filters, Math.max(options.begin.lines, 1), signal);
      const shown = latest.slice(latest.length - options.begin.lines);
      // Entries older than the oldest shown (and its millisecond's neighbours) stay unshown.
      const boundary = (shown[0] ?? latest.at(-1))?.createdAt;
      cursor = emit(shown, { start: boundary === undefined ? 0 : boundary + 1, seen: {} });
    }
  }

  let wait = options.intervalMs;
  let warnedCap = false;
  for (let first = true; first || options.follow; first = false) {
    if (!first) await sleep(wait, signal);
    let fresh: LogEntry[];
    try {
      const window = await fetchSince(session, filters, cursor.start, signal);
      if (window.capped && !warnedCap) io.err('warning: more than 10,000 entries match: reading them all; narrow with --since or a filter\n');
      warnedCap ||= window.capped;
      fresh = window.entries.filter((entry) => !(entry.id in cursor!.seen));
    } catch (error) {
      if (!options.follow || !transient(error)) throw error;
      wait = Math.min(wait * BACKOFF_FACTOR, options.intervalMs * MAX_INTERVAL_FACTOR);
      io.err(`warning: ${(error as Error).message}; retrying in ${Math.round(wait / 100) / 10}s\n`);
      continue;
    }
    cursor = emit(fresh, cursor);
    wait = fresh.length > 0 ? options.intervalMs : Math.min(wait * BACKOFF_FACTOR, options.intervalMs * MAX_INTERVAL_FACTOR);
  }
}
