// --since: a duration back from now (90s, 10m, 2h, 7d) or a point in time (ISO 8601 or epoch milliseconds).
import { usageError } from '../errors';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseSince(raw: string, now: number): number {
  const relative = /^(\d+(?:\.\d+)?)([smhd])$/.exec(raw.trim());
  if (relative) return Math.floor(now - Number(relative[1]) * UNITS[relative[2]]);
  if (/^\d{10,}$/.test(raw.trim())) return Number(raw.trim());
  const parsed = Date.parse(raw);
  if (Number.isNaN(parsed)) throw usageError(`--since expects a duration (30s, 10m, 2h, 7d), an ISO timestamp or epoch milliseconds, got ${JSON.stringify(raw)}`);
  return parsed;
}
