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
import { checkJsonDepth } from '../src/request/json-depth';
import { findOperation, findSurface, type Registry } from '../src/catalog/registry';
import { prepareOperation } from './operation';
import { runRegistry } from '../src/cli/run-registry';

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

/** Flags that would make a line print something other than its JSON response. */
function refuseArgs(args: Record<string, unknown>): void {
  if ('help' in args || 'h' in args) throw usageError('"help" cannot be a batch line: run logto SURFACE COMMAND --help');
  if ('dry-run' in args) throw usageError('"dry-run" cannot be used in a batch line: run the command with --dry-run on its own');
  for (const name of ['output', 'o']) {
    if (name in args && args[name] !== 'json') throw usageError(`a batch line's response is always JSON: "${name}" may only be "json"`);
  }
}

/** `{"id":"t1","page-size":2,"all":true}` → `--id t1 --page-size 2 --all`. */
function argvOf(args: unknown, body: unknown): string[] {
  if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) throw usageError('"args" must be an object');
  refuseArgs((args ?? {}) as Record<string, unknown>);
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

function parseLine(text: string): BatchLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw usageError(`not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw usageError('a line must be a JSON object: {"command":"SURFACE COMMAND","args":{...},"body":...}');
  return parsed as BatchLine;
}

/** Never throws: whatever happens to a line (sent or not) becomes its result. */
async function runLine(text: string, line: number, registry: Registry, shared: string[], context: CommandContext, inOrder: InOrder): Promise<BatchResult> {
  let command: string | undefined;
  const io = captureIO(context.io, () => Promise.reject(usageError('a batch line cannot read stdin: put the body in "body"')));
  try {
    const parsed = parseLine(text);
    command = typeof parsed.command === 'string' ? parsed.command : undefined;
    checkJsonDepth(parsed, 'the line');
    const [surfaceName, commandName, ...extra] = (command ?? '').trim().split(/\s+/);
    if (!command || extra.length > 0) throw usageError('"command" must be "SURFACE COMMAND", as typed after logto');
    const surface = findSurface(registry, surfaceName);
    const operation = surface && findOperation(surface, commandName);
    if (!surface || !operation) throw usageError(`unknown command ${JSON.stringify(command)}`);
    // Prepared in input order, so that lines started together send their requests in that order.
    const send = await inOrder(() => prepareOperation(surface, operation, [...argvOf(parsed.args, parsed.body), ...shared], { ...context, io, output: 'json', argvNotTyped: true }));
    await send();
    return { line, command, exit: ExitCode.ok, response: responseOf(io.captured()) };
  } catch (error) {
    const failure = error instanceof CliError ? error : new CliError(`unexpected failure: ${(error as Error)?.message ?? String(error)}`, ExitCode.server);
    return { line, ...(command ? { command } : {}), exit: failure.exitCode, error: { message: failure.message, ...failure.detail } };
  }
}

function responseOf(out: string): unknown {
  if (out === '') return null;
  try {
    return JSON.parse(out);
  } catch {
    return out;
  }
}

/** How far results may run ahead of the oldest unfinished line: memory stays bounded behind one slow call. */
const REORDER_WINDOW = 1024;

/**
 * Reads lines as they arrive and runs up to `concurrency` at once; writes each result, in input
 * order, as soon as every earlier one is out. Stops taking lines on Ctrl-C; lines already started
 * still report.
 */
async function runLines(
  input: AsyncIterable<string>,
  concurrency: number,
  run: (text: string, line: number) => Promise<BatchResult>,
  context: CommandContext,
  onCounts: (counts: { read: number; written: number; failed: number }) => void,
): Promise<{ total: number; failed: number }> {
  const done = new Map<number, BatchResult>();
  const inFlight = new Set<Promise<void>>();
  let started = 0;
  let written = 0;
  let failed = 0;
  let lineNumber = 0;
  const flush = () => {
    for (let result = done.get(written); result; result = done.get(written)) {
      if (result.exit !== ExitCode.ok) failed += 1;
      context.io.out(`${JSON.stringify(result)}\n`);
      done.delete(written++);
    }
    onCounts({ read: started, written, failed });
  };
  for await (const raw of input) {
    lineNumber += 1;
    const text = raw.trim();
    if (text === '') continue;
    while (inFlight.size >= concurrency || started - written >= REORDER_WINDOW) await Promise.race(inFlight);
    if (context.signal?.aborted) break;
    const index = started++;
    onCounts({ read: started, written, failed });
    const task = run(text, lineNumber).then((result) => {
      done.set(index, result);
      flush();
    });
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  }
  await Promise.all(inFlight);
  return { total: started, failed };
}

export default class BatchCommand extends BuiltinCommand {
  static summary = 'Run many calls from NDJSON on stdin in one process';

  static description = [
    'Each stdin line: {"command":"one-time-tokens get-one-time-token-id","args":{"id":"t1"},"body":{...}}',
    '(args keyed by flag name without dashes). Each output line: {"line":N,"command":...,"exit":0,"response":...}',
    'or {"line":N,"exit":1,"error":{...}}: every non-empty line gets exactly one result, in input order, as soon',
    'as it is known. A line that is not a call (invalid JSON, not an object, "help", "dry-run", an "output" other',
    'than json, a body nested too deep) gets an error result with exit 2. Lines run as they arrive on stdin.',
    'A failing line does not stop the others; the exit code is 0 when every line succeeded and 1 otherwise.',
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
    const registry = runRegistry();
    const inOrder = sequencer();
    let counts = { read: 0, written: 0, failed: 0 };
    // Lines keep arriving while earlier ones run: the total is what has been read so far.
    const status = () => `${counts.written} of ${plural(counts.read, 'line')} done${counts.failed ? `, ${counts.failed} failed` : ''}`;
    const { total, failed } = await withProgress(context.io, context.env, 'batch', status(), (progress) =>
      runLines(context.io.stdinLines(context.signal), concurrency, (text, line) => runLine(text, line, registry, shared, lineContext, inOrder), context, (now) => {
        counts = now;
        progress.update(status());
      }),
    status);
    if (context.signal?.aborted) throw new CliError('interrupted', ExitCode.interrupted);
    if (failed > 0) throw new CliError(`${failed} of ${plural(total, 'line')} failed`, ExitCode.server);
  }
}
