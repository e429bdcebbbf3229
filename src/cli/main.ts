// Entry point: route argv to help, a surface, or an operation command. Kept small
// because everything it imports is paid for by every invocation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, ExitCode } from '../errors';
import { createIO, type IO } from '../output/io';
import { closeHttp } from '../request/send';
import { findOperation, findSurface, loadRegistry } from '../catalog/registry';
import { BUILTINS, builtinsUnder, findBuiltin } from './builtins';
import { runCommand } from './command';
import type { CommandContext } from './context';
import { builtinHelp, commandHelp, rootHelp, surfaceHelp, topicHelp } from './help';
import { closest } from './suggest';

const HELP = new Set(['--help', '-h', 'help']);

function version(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}

function unknown(what: string, name: string, candidates: string[], helpCommand: string): CliError {
  const hint = closest(name, candidates);
  return new CliError(`unknown ${what} ${JSON.stringify(name)}${hint ? ` (did you mean ${hint}?)` : ''}; run '${helpCommand}'`, ExitCode.usage);
}

async function route(argv: string[], context: CommandContext): Promise<void> {
  const { io } = context;
  const registry = loadRegistry(context.env);
  for (const warning of registry.warnings) io.err(`warning: ${warning}\n`);
  const [surfaceName, commandName, ...rest] = argv;

  if (surfaceName === undefined || HELP.has(surfaceName)) return io.out(rootHelp(registry.surfaces, BUILTINS, version()));
  if (surfaceName === '--version' || surfaceName === '-v') return io.out(`logto ${version()}\n`);
  // Hidden: what the completion scripts call on every tab.
  if (surfaceName === '__complete') {
    const { completions } = require('./complete') as typeof import('./complete');
    return io.out(completions(registry, argv.slice(1), context.env).map((candidate) => `${candidate}\n`).join(''));
  }

  const found = findBuiltin(argv);
  if (found) {
    const command = found.builtin.load();
    if (found.rest.some((arg) => arg === '--help' || arg === '-h')) return io.out(builtinHelp(found.builtin, command));
    return runCommand(found.builtin.id, command, found.rest, context);
  }
  const surface = findSurface(registry, surfaceName);
  const topic = builtinsUnder(surfaceName);
  if (!surface && topic.length > 0) {
    if (commandName === undefined || HELP.has(commandName)) return io.out(topicHelp(surfaceName, topic));
    throw unknown('command', commandName, topic.map((one) => one.id.split(' ')[1]), `logto ${surfaceName} --help`);
  }
  if (!surface) {
    const names = [...registry.surfaces.map((one) => one.name), ...BUILTINS.map((one) => one.id.split(' ')[0])];
    throw unknown('surface', surfaceName, names, 'logto --help');
  }

  if (commandName === undefined || HELP.has(commandName)) return io.out(surfaceHelp(surface, topic));
  const operation = findOperation(surface, commandName);
  if (!operation) throw unknown('command', commandName, surface.operations.map((one) => one.command), `logto ${surface.name} --help`);
  // Help wins over everything else, so that it never fails for missing flags.
  if (rest.some((arg) => arg === '--help' || arg === '-h')) return io.out(commandHelp(surface, operation));

  const { runOperation } = require('../../commands/operation') as typeof import('../../commands/operation');
  await runOperation(surface, operation, rest, context);
}

function report(error: unknown, context: CommandContext): number {
  const { io } = context;
  if (error instanceof CliError) {
    // Logto's own error object (status, code, message, data) when there is one.
    if (context.output === 'json') io.err(`${JSON.stringify({ error: { message: error.message, ...error.detail, exitCode: error.exitCode } })}\n`);
    else io.err(`${io.colorErr ? '\x1b[31mError:\x1b[39m' : 'Error:'} ${error.message}\n`);
    return error.exitCode;
  }
  const unexpected = error as Error;
  io.err(`Error: unexpected failure: ${unexpected?.message ?? String(error)}\n`);
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
