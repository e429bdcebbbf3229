// The one formatter layer: every command's data goes through here to stdout.
import { OUTPUT_FORMATS, type OutputFormat } from '../cli/global-flags';
import { usageError } from '../errors';
import type { IO } from './io';
import { compileQuery, type Query } from './query';
import { plural } from './plural';
import { escapeControl } from './safe-text';

export interface Presentation {
  format: OutputFormat;
  columns?: string[];
  query?: Query;
}

export function chooseFormat(requested: string | undefined, io: IO): OutputFormat {
  if (requested === undefined) return io.stdoutIsTTY ? 'table' : 'json';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(requested)) {
    throw usageError(`--output must be one of ${OUTPUT_FORMATS.join(', ')}, got ${JSON.stringify(requested)}`);
  }
  return requested as OutputFormat;
}

/**
 * For commands that print records as they arrive (hooks listen, logs tail): a line each on a
 * terminal, otherwise one JSON object per line; -o json means the same, other formats do not stream.
 */
export function streamFormat(requested: string | undefined, what: string, io: IO): 'line' | 'ndjson' {
  if (requested !== undefined && requested !== 'ndjson' && requested !== 'json') throw usageError(`${what}: use -o ndjson (or json), got ${JSON.stringify(requested)}`);
  return requested === undefined && io.stdoutIsTTY ? 'line' : 'ndjson';
}

/** Validates --output, --columns and --query up front, so a mistake never costs a request. */
export function presentation(flags: { output?: string; query?: string; columns?: string[] }, io: IO): Presentation {
  return {
    format: chooseFormat(flags.output, io),
    ...(flags.columns ? { columns: flags.columns } : {}),
    ...(flags.query !== undefined ? { query: compileQuery(flags.query) } : {}),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keeps only the chosen columns, in the chosen order. */
function selectColumns(value: unknown, columns: string[] | undefined): unknown {
  if (!columns) return value;
  const pick = (item: unknown) => (isRecord(item) ? Object.fromEntries(columns.map((column) => [column, item[column]])) : item);
  return Array.isArray(value) ? value.map(pick) : pick(value);
}

const ndjsonLine = (value: unknown) => `${JSON.stringify(value)}\n`;

/** TSV for `cut` and `while read`: no header; backslashes and every control character (tab, newline, ESC…) escaped. */
function tsvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return escapeControl(text.replace(/\\/g, '\\\\'));
}

function tsv(value: unknown, columns: string[] | undefined): string {
  if (Array.isArray(value)) {
    const keys = columns ?? [...new Set(value.filter(isRecord).flatMap((item) => Object.keys(item)))];
    return value.map((item) => `${isRecord(item) ? keys.map((key) => tsvCell(item[key])).join('\t') : tsvCell(item)}\n`).join('');
  }
  if (isRecord(value)) return Object.entries(selectColumns(value, columns) as object).map(([key, item]) => `${key}\t${tsvCell(item)}\n`).join('');
  return `${tsvCell(value)}\n`;
}

/** Data for stdout, and what stderr says after it. */
type Rendered = string | { text: string; note: string };

/** On a terminal, columns that do not fit are left out, and stderr says which and how to see them. */
async function table(value: unknown, how: Presentation, io: IO, wide: boolean): Promise<Rendered> {
  const { renderTable } = require('./table') as typeof import('./table');
  const { tableStyle } = require('./style') as typeof import('./style');
  const width = io.stdoutIsTTY ? io.columns : undefined;
  const { text, hidden } = renderTable(value, { width, wide, ...(how.columns ? { columns: how.columns } : {}) }, await tableStyle(io));
  if (hidden.length === 0) return text;
  return { text, note: `${plural(hidden.length, 'column')} hidden to fit ${width} characters: ${hidden.join(', ')}. Show them with --columns or -o wide.\n` };
}

const formatters: Record<OutputFormat, (value: unknown, how: Presentation, io: IO) => Promise<Rendered> | Rendered> = {
  // Pretty for people, one compact line for programs.
  json: (value, _how, io) => `${io.stdoutIsTTY ? JSON.stringify(value, null, 2) : JSON.stringify(value)}\n`,
  yaml: (value) => (require('yaml') as typeof import('yaml')).stringify(value),
  ndjson: (value) => (Array.isArray(value) ? value.map(ndjsonLine).join('') : ndjsonLine(value)),
  tsv: (value, how) => tsv(value, how.columns),
  csv: (value, how) => (require('./csv') as typeof import('./csv')).csv(value, how.columns),
  table: (value, how, io) => table(value, how, io, false),
  wide: (value, how, io) => table(value, how, io, true),
};

/** Writes a response's data; an empty body (204) prints nothing. */
export async function printData(value: unknown, how: OutputFormat | Presentation, io: IO): Promise<void> {
  const presented = typeof how === 'string' ? { format: how } : how;
  if (value === undefined) return;
  const shown = presented.query ? presented.query(value) : value;
  const rendered = await formatters[presented.format](shown, presented, io);
  if (typeof rendered === 'string') return io.out(rendered);
  io.out(rendered.text);
  io.err(rendered.note);
}

export interface ItemSink {
  write(items: unknown[]): Promise<void>;
  end(): Promise<void>;
}

/**
 * Output for results that arrive page by page. NDJSON streams each item as it arrives
 * (the query applies per item); every other format collects one document and queries it whole.
 */
export function itemSink(how: Presentation, io: IO): ItemSink {
  if (how.format === 'ndjson') {
    return {
      write: async (items) => {
        // One write per page of whole lines: an interrupt never leaves half a line behind.
        io.out(items.map((item) => ndjsonLine(how.query ? how.query(item) : item)).join(''));
        await io.outDrained();
      },
      end: async () => undefined,
    };
  }
  const collected: unknown[] = [];
  return {
    write: async (items) => void collected.push(...items),
    end: () => printData(collected, how, io),
  };
}

/**
 * For a response that is one big JSON array: writes each element as it arrives, byte for byte
 * what printData would write, when the format allows it (ndjson, or compact json for a program,
 * without --query). Undefined when the response must be printed whole.
 */
export function arrayStreamer(how: Presentation, io: IO): { onItems(items: unknown[]): Promise<void>; finish(streamed: number): void } | undefined {
  if (how.query || how.columns) return undefined;
  if (how.format === 'ndjson') {
    return {
      onItems: (items) => {
        io.out(items.map(ndjsonLine).join(''));
        return io.outDrained();
      },
      finish: () => undefined,
    };
  }
  if (how.format !== 'json' || io.stdoutIsTTY) return undefined;
  let started = false;
  return {
    onItems: (items) => {
      io.out(`${started ? ',' : '['}${items.map((item) => JSON.stringify(item)).join(',')}`);
      started = true;
      return io.outDrained();
    },
    finish: (streamed) => void (streamed > 0 && io.out(']\n')),
  };
}
