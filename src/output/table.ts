// Tables for people: arrays of objects as columns, objects as key/value rows.
// Piped (-o table), every column and every value as it is. On a terminal: cells cut, timestamps
// as local date-time, nested values summarised, and only the columns that fit the width (-o wide: all).
import { fitColumns, type ColumnInfo } from './fit-columns';
import { escapeControl } from './safe-text';
import { plural } from './plural';
import { isStatusColumn, type TableStyle } from './style';
import { isTimestamp, localDateTime } from './timestamp';

const MAX_CELL_ON_TTY = 60;
const GAP = '  ';

export interface TableLayout {
  /** The terminal's width, when stdout is one; undefined when piped. */
  width?: number;
  /** -o wide: every column, nested values as JSON, even on a terminal. */
  wide: boolean;
  /** --columns: exactly these, in this order. */
  columns?: string[];
}

export interface RenderedTable {
  text: string;
  /** Columns left out to fit the terminal. */
  hidden: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: unknown) => value === null || value === undefined || typeof value !== 'object';
const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) ? value.length === 0 : isRecord(value) && Object.keys(value).length === 0);
/** One line of visible text: a server's value can never move the cursor or retitle the terminal. */
const oneLine = (text: string) => escapeControl(text.replace(/\s*\n\s*/g, ' '));
const cut = (text: string, width: number) => (text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text);

/** Exactly the value: what a piped table shows. */
function plainCell(value: unknown): string {
  return oneLine(value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/** A nested value in a few characters: short JSON as it is, a list of words, or a count (`3 items`, `5 fields`). */
const SHORT_JSON = 30;
function summary(value: object): string {
  if (Array.isArray(value) && value.every(isScalar)) return value.map(plainCell).join(', ');
  const json = JSON.stringify(value);
  if (json.length <= SHORT_JSON) return json;
  return Array.isArray(value) ? plural(value.length, 'item') : plural(Object.keys(value).length, 'field');
}

/** What a terminal shows for one value: dates for timestamps; nested values summarised, or as JSON when `wide`. */
function terminalCell(key: string, value: unknown, wide: boolean): string {
  if (isTimestamp(key, value)) return localDateTime(value);
  if (isEmpty(value)) return '';
  return cut(typeof value === 'object' && !wide ? summary(value as object) : plainCell(value), MAX_CELL_ON_TTY);
}

/** Pads before styling, so escape codes never count towards a column's width. `keyOf` names a cell's field, for status colours. */
function grid(header: string[] | undefined, rows: string[][], style: TableStyle, keyOf: (row: number, column: number) => string | undefined, boldFirst: boolean): string {
  const all = header ? [header, ...rows] : rows;
  const widths = (all[0] ?? []).map((_, column) => Math.max(...all.map((row) => row[column].length)));
  const line = (row: string[], index: number | undefined) =>
    row
      .map((text, column) => {
        const padded = column === row.length - 1 ? text : text.padEnd(widths[column]);
        if (index === undefined) return padded;
        if (boldFirst && column === 0) return style.header(padded);
        const key = keyOf(index, column);
        return key !== undefined && isStatusColumn(key) && text !== '' ? style.status(padded, text) : padded;
      })
      .join(GAP)
      .trimEnd();
  const headerLine = header ? [style.header(line(header, undefined))] : [];
  return [...headerLine, ...rows.map((row, index) => line(row, index))].map((text) => `${text}\n`).join('');
}

function listTable(items: Record<string, unknown>[], layout: TableLayout, style: TableStyle): RenderedTable {
  const keys = layout.columns ?? [...new Set(items.flatMap((item) => Object.keys(item)))];
  const { width } = layout;
  if (width === undefined) {
    const rows = items.map((item) => keys.map((key) => plainCell(item[key])));
    return { text: grid(keys.map((key) => escapeControl(key.toUpperCase())), rows, style, (_, column) => keys[column], false), hidden: [] };
  }
  const cells = new Map(keys.map((key) => [key, items.map((item) => terminalCell(key, item[key], layout.wide))]));
  const infos: ColumnInfo[] = keys.map((key) => ({
    key,
    width: Math.max(key.length, ...cells.get(key)!.map((text) => text.length)),
    scalar: items.every((item) => isScalar(item[key])),
    empty: items.every((item) => isEmpty(item[key])),
  }));
  const { shown, hidden } = layout.columns || layout.wide ? { shown: infos, hidden: [] } : fitColumns(infos, width);
  // Only the first column can be wider than the terminal: cut it rather than wrap every row.
  const shownKeys = shown.map((info) => info.key);
  const rows = items.map((_, row) => shownKeys.map((key, column) => (shown.length === 1 && column === 0 ? cut(cells.get(key)![row], width) : cells.get(key)![row])));
  return { text: grid(shownKeys.map((key) => cut(escapeControl(key.toUpperCase()), width)), rows, style, (_, column) => shownKeys[column], false), hidden };
}

function keyValueTable(value: Record<string, unknown>, layout: TableLayout, style: TableStyle): RenderedTable {
  const chosen = layout.columns ? Object.fromEntries(layout.columns.map((key) => [key, value[key]])) : value;
  const entries = Object.entries(chosen);
  const { width } = layout;
  const keyWidth = Math.max(0, ...entries.map(([key]) => key.length));
  // Nested values stay JSON here: one object has the room that a column of many does not.
  const text = (key: string, item: unknown) =>
    width === undefined ? plainCell(item) : isTimestamp(key, item) ? localDateTime(item) : cut(plainCell(item), Math.max(20, width - keyWidth - GAP.length));
  return { text: grid(undefined, entries.map(([key, item]) => [escapeControl(key), text(key, item)]), style, (row, column) => (column === 1 ? entries[row][0] : undefined), true), hidden: [] };
}

export function renderTable(value: unknown, layout: TableLayout, style: TableStyle): RenderedTable {
  if (Array.isArray(value)) {
    if (value.length === 0) return { text: '', hidden: [] };
    if (!value.every(isRecord)) return { text: value.map((item) => `${layout.width === undefined ? plainCell(item) : cut(plainCell(item), MAX_CELL_ON_TTY)}\n`).join(''), hidden: [] };
    return listTable(value, layout, style);
  }
  if (isRecord(value)) return keyValueTable(value, layout, style);
  return { text: `${plainCell(value)}\n`, hidden: [] };
}
