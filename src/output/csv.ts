// -o csv: RFC 4180 — a header row, CRLF line ends, fields quoted when they hold a comma, a quote or
// a line break (quotes doubled). Nested values are JSON; null and missing are empty.

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function field(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const record = (fields: unknown[]) => `${fields.map(field).join(',')}\r\n`;

/** A list is one row per item; one object is one row; anything else is a single `value` column. */
export function csv(value: unknown, columns: string[] | undefined): string {
  const rows = Array.isArray(value) ? value : [value];
  if (rows.length === 0 && !columns) return '';
  if (!rows.every(isRecord)) return record(['value']) + rows.map((row) => record([row])).join('');
  const keys = columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return record(keys) + rows.map((row) => record(keys.map((key) => row[key]))).join('');
}
