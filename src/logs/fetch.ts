// Reads every entry created at or after a point in time. GET /api/logs pages newest first
// by offset: an entry created while we page pushes older ones down a place, so a page may
// repeat an entry of the previous one but can never hide one. Paging (the same loop as --all)
// stops on a short page, or on the Total-Number of the same answer unless it is capped, and
// repeats are dropped by id.
import type { Session } from '../auth/session';
import { listAll } from '../invoke/call';
import { DEFAULT_PAGE_SIZE, totalIsCapped } from '../invoke/paginate';
import type { LogEntry, LogFilters } from './entry';

export interface Window {
  /** Oldest first. */
  entries: LogEntry[];
  /** Total-Number-Is-Capped: more than 10,000 entries matched. */
  capped: boolean;
}

function query(filters: LogFilters, extra: Record<string, string | number | undefined>) {
  // enableCap spares the server an exact count(*) on a large tenant; the count is not used for paging.
  return { userId: filters.userId, applicationId: filters.applicationId, logKey: filters.logKey, enableCap: 'true', ...extra };
}

export async function fetchSince(session: Session, filters: LogFilters, start: number, signal?: AbortSignal): Promise<Window> {
  const { items, first } = await listAll(session, { path: '/api/logs', query: query(filters, { start_time: start }) }, { signal });
  return { entries: oldestFirst(uniqueById(items as LogEntry[])), capped: first !== undefined && totalIsCapped(first) };
}

/** The newest `count` entries, oldest first. */
export async function fetchLatest(session: Session, filters: LogFilters, count: number, signal?: AbortSignal): Promise<LogEntry[]> {
  const { items } = await listAll(session, { path: '/api/logs', query: query(filters, {}) }, { limit: count, pageSize: Math.min(DEFAULT_PAGE_SIZE, count), signal });
  return oldestFirst(uniqueById(items as LogEntry[]).slice(0, count));
}

/** An entry pushed down a page by a newer one comes twice: keep the first. */
function uniqueById(entries: LogEntry[]): LogEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => !seen.has(entry.id) && seen.add(entry.id));
}

/** Stable: entries of the same millisecond keep the server's order, reversed. */
export const oldestFirst = (entries: LogEntry[]) => entries.reverse().sort((a, b) => a.createdAt - b.createdAt);
