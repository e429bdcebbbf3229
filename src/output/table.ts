// Tables for people: arrays of objects as columns, objects as key/value rows.
import { escapeControl } from './safe-text';

const MAX_CELL_ON_TTY = 60;

/** One line of visible text: a server's value can never move the cursor or retitle the terminal. */
function cell(value: unknown, truncate: boolean): string {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const oneLine = escapeControl(text.replace(/\s*\n\s*/g, ' '));
  return truncate && oneLine.length > MAX_CELL_ON_TTY ? `${oneLine.slice(0, MAX_CELL_ON_TTY - 1)}…` : oneLine;
}

type Style = (text: string) => string;
const plain: Style = (text) => text;

/** Pads before styling, so escape codes never count towards a column's width. */
function grid(header: string[] | undefined, rows: string[][], style: { header?: Style; key?: Style }): string {
  const all = header ? [header, ...rows] : rows;
  const widths = all[0]?.map((_, column) => Math.max(...all.map((row) => row[column].length))) ?? [];
  const line = (row: string[], key: Style) =>
    row
      .map((text, column) => {
        const padded = column === row.length - 1 ? text : text.padEnd(widths[column]);
        return column === 0 ? key(padded) : padded;
      })
      .join('  ')
      .trimEnd();
  const headerLine = header ? [(style.header ?? plain)(line(header, plain))] : [];
  return [...headerLine, ...rows.map((row) => line(row, style.key ?? plain))].map((text) => `${text}\n`).join('');
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function renderTable(value: unknown, options: { truncate: boolean; bold: (text: string) => string }): string {
  const { truncate, bold } = options;
  if (Array.isArray(value)) {
    if (value.length === 0) return '';
    if (!value.every(isRecord)) return value.map((item) => `${cell(item, truncate)}\n`).join('');
    const columns = [...new Set(value.flatMap((item) => Object.keys(item)))];
    const rows = value.map((item) => columns.map((column) => cell(item[column], truncate)));
    return grid(columns.map((column) => escapeControl(column.toUpperCase())), rows, { header: bold });
  }
  if (isRecord(value)) {
    return grid(undefined, Object.entries(value).map(([key, item]) => [escapeControl(key), cell(item, truncate)]), { key: bold });
  }
  return `${cell(value, false)}\n`;
}
