// Colour for tables: bold headers and status words. chalk is loaded only when colour is on,
// and the IO object decides that (a terminal, no NO_COLOR): chalk's own guess says no under CI=true.
import type { IO } from './io';

export interface TableStyle {
  header(text: string): string;
  /** Colours a cell of a status-like column by its word; `text` is the padded cell, `word` its content. */
  status(text: string, word: string): string;
}

const GOOD = new Set(['active', 'enabled', 'success', 'succeeded', 'ok', 'accepted', 'approved', 'verified', 'valid', 'ready']);
const BAD = new Set(['revoked', 'expired', 'failed', 'failure', 'error', 'disabled', 'suspended', 'rejected', 'inactive', 'blocked', 'deleted']);
const PENDING = new Set(['pending', 'consumed', 'processing', 'unverified', 'inprogress', 'in_progress', 'waiting']);

/** Column names whose values are status words: status, state, result, connectorStatus. */
export const isStatusColumn = (key: string) => /^(?:status|state|result)$/i.test(key) || /Status$/.test(key);

export const PLAIN_STYLE: TableStyle = { header: (text) => text, status: (text) => text };

export async function tableStyle(io: IO): Promise<TableStyle> {
  if (!io.color) return PLAIN_STYLE;
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return {
    header: (text) => chalk.bold(text),
    status: (text, word) => {
      const key = word.toLowerCase();
      if (GOOD.has(key)) return chalk.green(text);
      if (BAD.has(key)) return chalk.red(text);
      if (PENDING.has(key)) return chalk.yellow(text);
      return text;
    },
  };
}
