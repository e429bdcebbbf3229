// Reads every entry created at or after a point in time. GET /api/logs pages newest first
// by offset: an entry created while we page pushes older ones down a place, so a page may
// repeat an entry of the previous one but can never hide one. Paging therefore stops on a
// short page (as Logto asks when Total-Number-Is-Capped), never on a Total-Number read
// before the last insert, and repeats are dropped by id.
import type { Session } from '../auth/session';
import { callApi } from '../invoke/call';
import type { LogEntry, LogFilters } from './entry';

export const PAGE_SIZE = 100;

export interface Window {
  /** Oldest first. */
  entries: LogEntry[];
  /** Total-Number-Is-Capped: more than 10,000 entries matched. */
  capped: boolean;
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function query(filters: LogFilters, extra: Record<string, string | number | undefined>) {
  // enableCap spares the server an exact count(*) on a large tenant; the count is not used for paging.
  return { userId: filters.userId, applicationId: filters.applicationId, logKey: filters.logKey, enableCap: 'true', ...extra };
}

export async function fetchSince(session: Session, filters: LogFilters, start: number, signal?: AbortSignal): Promise<Window> {
  const byId = new Map<string, LogEntry>();
  let capped = false;
  for (let page = 1; ; page++) {
    const response = await callApi(session, { method: 'GET', path: '/api/logs', query: query(filters, { start_time: start, page, page_size: PAGE_SIZE }) }, signal);
    if (page === 1) capped = header(response.headers['total-number-is-capped']) === 'true';
    const items = Array.isArray(response.data) ? (response.data as LogEntry[]) : [];
    for (const entry of items) if (!byId.has(entry.id)) byId.set(entry.id, entry);
    if (items.length < PAGE_SIZE) break;
  }
  return { entries: oldestFirst([...byId.values()]), capped };
}

/** The newest `count` entries, oldest first. */
export async function fetchLatest(session: Session, filters: LogFilters, count: number, signal?: AbortSignal): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  for (let page = 1; entries.length < count; page++) {
    const size = Math.min(PAGE_SIZE, count);
    const response = await callApi(session, { method: 'GET', path: '/api/logs', query: query(filters, { page, page_size: size }) }, signal);
    const items = Array.isArray(response.data) ? (response.data as LogEntry[]) : [];
    for (const entry of items) if (!entries.some((one) => one.id === entry.id)) entries.push(entry);
    if (items.length < size) break;
  }
  return oldestFirst(entries.slice(0, count));
}

/** Stable: entries of the same millisecond keep the server's order, reversed. */
export const oldestFirst = (entries: LogEntry[]) => entries.reverse().sort((a, b) => a.createdAt - b.createdAt);
