// The one formatter layer: every command's data goes through here to stdout.
import { OUTPUT_FORMATS, type OutputFormat } from '../cli/global-flags';
import { usageError } from '../errors';
import type { IO } from './io';

export function chooseFormat(requested: string | undefined, io: IO): OutputFormat {
  if (requested === undefined) return io.stdoutIsTTY ? 'table' : 'json';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(requested)) {
    throw usageError(`--output must be one of ${OUTPUT_FORMATS.join(', ')}, got ${JSON.stringify(requested)}`);
  }
  return requested as OutputFormat;
}

async function boldFor(io: IO): Promise<(text: string) => string> {
  if (!io.color) return (text) => text;
  const { default: chalk } = await import('chalk');
  return (text) => chalk.bold(text);
}

const formatters: Record<OutputFormat, (value: unknown, io: IO) => Promise<string> | string> = {
  // Pretty for people, one compact line for programs.
  json: (value, io) => `${io.stdoutIsTTY ? JSON.stringify(value, null, 2) : JSON.stringify(value)}\n`,
  yaml: (value) => (require('yaml') as typeof import('yaml')).stringify(value),
  table: async (value, io) => {
    const { renderTable } = require('./table') as typeof import('./table');
    return renderTable(value, { truncate: io.stdoutIsTTY, bold: await boldFor(io) });
  },
};

/** Writes a response's data; an empty body (204) prints nothing. */
export async function printData(value: unknown, format: OutputFormat, io: IO): Promise<void> {
  if (value === undefined) return;
  io.out(await formatters[format](value, io));
}
