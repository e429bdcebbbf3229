// `logto batch`: NDJSON in, one call per line, many calls in one process over
// keep-alive connections; one NDJSON result per line out, in input order.
import { BuiltinCommand } from '../src/cli/builtin-command';
import type { CommandContext } from '../src/cli/context';
import { oclifFlags, type FlagValues } from '../src/cli/flags';
import { GLOBAL_FLAGS } from '../src/cli/global-flags';
import { CliError, ExitCode, usageError } from '../src/errors';
import { captureIO } from '../src/output/io';
import { plural } from '../src/output/plural';
import { withProgress } from '../src/output/progress';
import { findOperation, findSurface, loadRegistry, type Registry } from '../src/catalog/registry';
import { prepareOperation } from './operation';

interface BatchLine {
  command?: unknown;
  args?: unknown;
  body?: unknown;
}

interface BatchResult {
  line: number;
  command?: string;
  exit: number;
  response?: unknown;
  error?: Record<string, unknown>;
}

/** `{"id":"t1","page-size":2,"all":true}` → `--id t1 --page-size 2 --all`. */
function argvOf(args: unknown, body: unknown): string[] {
  if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) throw usageError('"args" must be an object');
  const argv: string[] = [];
  for (const [name, value] of Object.entries((args ?? {}) as Record<string, unknown>)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one === true) argv.push(`--${name}`);
      else if (one === false) argv.push(`--no-${name}`);
      else if (one !== null && one !== undefined) argv.push(`--${name}=${typeof one === 'object' ? JSON.stringify(one) : String(one)}`);
    }
  }
  if (body !== undefined) argv.push(`--body=${JSON.stringify(body)}`);
  return argv;
}

/** Runs steps one after another in the order they were queued, whatever each takes. */
function sequencer(): <T>(step: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return (step) => {
    const result = queue.then(step);
    queue = result.catch(() => undefined);
    return result;
  };
}

type InOrder = ReturnType<typeof sequencer>;

async function runLine(text: string, line: number, registry: Registry, shared: string[], context: CommandContext, inOrder: InOrder): Promise<BatchResult> {
  let parsed: BatchLine;
  try {
    parsed = JSON.parse(text) as BatchLine;
  } catch (error) {
    return { line, exit: ExitCode.usage, error: { message: `not valid JSON: ${(error as Error).message}` } };
  }
  const command = typeof parsed.command === 'string' ? parsed.command : undefined;
  const io = captureIO(context.io, () => {
    throw usageError('a batch line cannot read stdin: put the body in "body"');
  });
  try {
    const [surfaceName, commandName, ...extra] = (command ?? '').trim().split(/\s+/);
    if (!command || extra.length > 0) throw usageError('"command" must be "SURFACE COMMAND", as typed after logto');
    const surface = findSurface(registry, surfaceName);
    const operation = surface && findOperation(surface, commandName);
    if (!surface || !operation) throw usageError(`unknown command ${JSON.stringify(command)}`);
    // Prepared in input order, so that lines started together send their requests in that order.
    const send = await inOrder(() => prepareOperation(surface, operation, [...argvOf(parsed.args, parsed.body), ...shared], { ...context, io, output: 'json' }));
    await send();
    const out = io.captured();
    return { line, command, exit: ExitCode.ok, response: out ? JSON.parse(out) : null };
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return { line, ...(command ? { command } : {}), exit: error.exitCode, error: { message: error.message, ...error.detail } };
  }
}

export default class BatchCommand extends BuiltinCommand {
  static summary = 'Run many calls from NDJSON on stdin in one process';

  static description = [
    'Each stdin line: {"command":"one-time-tokens get-one-time-token-id","args":{"id":"t1"},"body":{...}}',
    '(args keyed by flag name without dashes). Each output line: {"line":N,"command":...,"exit":0,"response":...}',
    'or {"line":N,"exit":1,"error":{...}}. A failing line does not stop the others; the exit code is 0 when',
    'every line succeeded and 1 otherwise.',
  ].join('\n');

  static flags = oclifFlags([
    { name: 'concurrency', char: 'c', kind: 'integer', value: 'N', description: 'Calls in flight at once (default 4)' },
    ...GLOBAL_FLAGS.filter((flag) => ['endpoint', 'tenant', 'token', 'profile', 'verbose', 'timeout', 'retries', 'yes'].includes(flag.name)),
  ]);

  static examples = [
    `printf '%s\\n' '{"command":"one-time-tokens get-one-time-token-id","args":{"id":"t1"}}' | logto batch`,
    `jq -c '.[] | {command:"one-time-tokens delete-one-time-token-id", args:{id}}' ids.json | logto batch --yes --concurrency 8`,
  ];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw usageError(`--concurrency expects a whole number of at least 1, got ${JSON.stringify(values.concurrency)}`);
    if (values.token) context.io.err('warning: --token puts the token in shell history and the process list; prefer LOGTO_API_KEY or logto auth login\n');
    // The token travels as the environment variable, so that lines do not each warn about the flag.
    const lineContext = values.token ? { ...context, env: { ...context.env, LOGTO_API_KEY: values.token as string } } : context;
    const shared = Object.entries(values)
      .filter(([name]) => name !== 'concurrency' && name !== 'token')
      .flatMap(([name, value]) => (value === true ? [`--${name}`] : typeof value === 'string' ? [`--${name}=${value}`] : []));
    const registry = loadRegistry(context.env);
    const lines = context.io.readStdin().split('\n').map((text, index) => ({ text: text.trim(), line: index + 1 })).filter(({ text }) => text !== '');

    const results: (BatchResult | undefined)[] = new Array(lines.length);
    let next = 0;
    let written = 0;
    let failed = 0;
    const counts = () => `${written} of ${plural(lines.length, 'line')} done${failed ? `, ${failed} failed` : ''}`;
    await withProgress(context.io, context.env, 'batch', counts(), async (progress) => {
      const flush = () => {
        // Results go out in input order, each as soon as every earlier one is out.
        while (written < lines.length && results[written]) {
          const result = results[written]!;
          if (result.exit !== ExitCode.ok) failed += 1;
          context.io.out(`${JSON.stringify(result)}\n`);
          results[written++] = undefined;
        }
        progress.update(counts());
      };
      const inOrder = sequencer();
      const worker = async () => {
        while (next < lines.length && !context.signal?.aborted) {
          const index = next++;
          results[index] = await runLine(lines[index].text, lines[index].line, registry, shared, lineContext, inOrder);
          flush();
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, lines.length) }, worker));
    }, counts);
    if (context.signal?.aborted) throw new CliError('interrupted', ExitCode.interrupted);
    if (failed > 0) throw new CliError(`${failed} of ${plural(lines.length, 'line')} failed`, ExitCode.server);
  }
}
