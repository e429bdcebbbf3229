// Epoch-millisecond fields (createdAt, lastSignInAt, expiresAt…) as local date-time, for tables on a
// terminal only: JSON, YAML, CSV and piped tables keep the number.

/** camelCase or snake_case names that say "a moment": createdAt, updated_at, startTime, expiryDate, timestamp. */
const TIMESTAMP_NAME = /(?:[a-z0-9]At|_at|Time|_time|Date|_date)$|^(?:timestamp|time|date)$/;
/** 1973…5138: a number in this range under such a name is milliseconds, not seconds or a count. */
const MIN_MS = 1e11;
const MAX_MS = 1e14;

export function isTimestamp(key: string, value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_MS && value < MAX_MS && TIMESTAMP_NAME.test(key);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-12-02 07:08` in the machine's time zone: sortable, and as wide as a column can afford. */
export function localDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
