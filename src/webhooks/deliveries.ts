// `hooks deliveries`: the hook's recent deliveries (GET /api/hooks/{id}/recent-logs, the
// last 24 hours unless --since), one summary per delivery: what was sent and how the
// endpoint answered. Logto logs each delivery as `TriggerHook.<event>`.
import type { Session } from '../auth/session';
import { listAll } from '../invoke/call';
import { DEFAULT_PAGE_SIZE } from '../invoke/paginate';
import { encodePathValue } from '../request/build';

export interface DeliverySummary {
  id: string;
  createdAt: string;
  event: string;
  result: string;
  status: number | null;
  error: string | null;
}

interface HookLog {
  id: string;
  key: string;
  createdAt: number;
  payload: { result?: string; response?: { statusCode?: number }; error?: unknown };
}

export function summarise(log: HookLog): DeliverySummary {
  const { result, response, error } = log.payload ?? {};
  return {
    id: log.id,
    createdAt: new Date(log.createdAt).toISOString(),
    event: log.key.replace(/^TriggerHook\./, ''),
    result: result ?? '',
    status: response?.statusCode ?? null,
    error: error === undefined ? null : typeof error === 'string' ? error : JSON.stringify(error),
  };
}

/** Newest first, as Logto lists them; every page up to `limit`. */
export async function listDeliveries(session: Session, id: string, options: { limit: number; since?: number; event?: string }, signal?: AbortSignal): Promise<DeliverySummary[]> {
  const query = { start_time: options.since, logKey: options.event ? `TriggerHook.${options.event}` : undefined, enableCap: 'true' };
  const { items } = await listAll(session, { path: `/api/hooks/${encodePathValue(id)}/recent-logs`, query }, { limit: options.limit, pageSize: Math.min(DEFAULT_PAGE_SIZE, options.limit), signal });
  const seen = new Set<string>();
  return (items as HookLog[]).filter((log) => !seen.has(log.id) && seen.add(log.id)).map(summarise);
}
