// Entry point: oclif finds and runs the command; this file owns what is the same for every
// command: the context, Ctrl-C, and turning any error into one line and a documented exit code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PJSON } from '@oclif/core/interfaces';
import { CliError, ExitCode } from '../errors';
import { createIO, type IO } from '../output/io';
import { forTerminal } from '../output/safe-text';
import { redactText } from '../request/redact';
import { closeHttp } from '../request/send';
import { PACKAGE_ROOT as ROOT } from '../catalog/locations';
import { setContext, type CommandContext } from './context';
import { oclifLogger } from './oclif-logger';

/** The package's package.json. Given to oclif, it spares oclif's search for the package root and a second read. */
function packageJson(): PJSON {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PJSON;
}

async function route(argv: string[], context: CommandContext): Promise<void> {
  if (argv[0] === '--version' || argv[0] === '-v') return context.io.out(`logto ${packageJson().version}\n`);
  // Hidden: what the completion scripts call on every tab, kept off oclif's path for speed.
  if (argv[0] === '__complete') {
    const { completions } = require('./complete') as typeof import('./complete');
    return context.io.out(completions(argv.slice(1), context.env).map((candidate) => `${candidate}\n`).join(''));
  }
  const { settings } = require('@oclif/core/settings') as typeof import('@oclif/core/settings');
  // The package runs from its compiled files, even when NODE_ENV says development or test.
  settings.enableAutoTranspile = false;
  const { run } = require('@oclif/core/run') as typeof import('@oclif/core/run');
  await run(argv, { root: ROOT, pjson: packageJson(), logger: oclifLogger(context.env) });
}

/**
 * An oclif message in one line. A plugin's command is parsed by oclif itself, whose messages span
 * lines: "The following error occurred:", the errors (dimmed), "See more help with --help".
 */
function oneLine(message: string): string {
  const lines = message
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .map((line) => line.trim().replace(/^Error: /, ''))
    .filter((line) => line && !/^The following errors? occurred:$/.test(line) && line !== 'See more help with --help');
  return lines.join('; ');
}

/** oclif's own errors carry an exit code; ours are CliErrors. */
function asCliError(error: unknown): CliError | undefined {
  if (error instanceof CliError) return error;
  const oclif = (error as { oclif?: { exit?: number } } | undefined)?.oclif;
  if (oclif?.exit === undefined) return undefined;
  return new CliError(oneLine((error as Error).message), (oclif.exit === 0 ? ExitCode.ok : oclif.exit === 2 ? ExitCode.usage : ExitCode.server) as CliError['exitCode']);
}

function report(error: unknown, context: CommandContext): number {
  const { io } = context;
  const known = asCliError(error);
  if (known) {
    if (known.exitCode === ExitCode.ok) return ExitCode.ok;
    // An exit code that is an answer, not a failure (tenant plan --exit-code): nothing to report.
    if (!known.message) return known.exitCode;
    // Logto's own error object (status, code, message, data) when there is one.
    if (context.output === 'json') io.err(`${JSON.stringify({ error: { message: known.message, ...known.detail, exitCode: known.exitCode } })}\n`);
    else io.err(`${io.colorErr ? '\x1b[31mError:\x1b[39m' : 'Error:'} ${forTerminal(known.message)}\n`);
    return known.exitCode;
  }
  const unexpected = error as Error;
  io.err(`Error: unexpected failure: ${forTerminal(redactText(unexpected?.message ?? String(error)))}\n`);
  if (context.verbose && unexpected?.stack) io.err(`${unexpected.stack}\n`);
  else io.err('Run again with --verbose for details.\n');
  return ExitCode.server;
}

/** Reads --verbose and --output before parsing, so that even a parse error is reported as asked. */
function peekGlobals(argv: string[]): Pick<CommandContext, 'verbose' | 'output'> {
  let output: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--output' || arg === '-o') output = argv[i + 1];
    else if (arg.startsWith('--output=')) output = arg.slice('--output='.length);
    else if (/^-o[^-]/.test(arg)) output = arg.slice(2);
  });
  return { verbose: argv.includes('--verbose'), output };
}

export async function main(argv: string[], io: IO = createIO(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.once('SIGINT', onSigint);
  const context: CommandContext = { io, env, ...peekGlobals(argv), signal: interrupt.signal };
  setContext(context);
  try {
    await route(argv, context);
    return ExitCode.ok;
  } catch (error) {
    // Ctrl-C, whether it reached a request or a prompt (inquirer's ExitPromptError).
    const interrupted = interrupt.signal.aborted || (error as Error)?.name === 'ExitPromptError';
    return report(interrupted ? new CliError('interrupted', ExitCode.interrupted) : error, context);
  } finally {
    process.removeListener('SIGINT', onSigint);
    await closeHttp(interrupt.signal.aborted);
  }
}
