// Runs the built CLI as a child process, as a user or a script would.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'logto.js');

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  cwd?: string;
  /** Called with everything written to stderr so far, each time more arrives; the run fails if it throws. */
  onStderr?: (stderr: string) => Promise<void> | void;
  /** Under a pseudo-terminal: its width (default 200). */
  columns?: number;
  /** Under a pseudo-terminal: send stderr to a pipe (a file) instead of the terminal; it comes back as `stderr`. */
  pipeStderr?: boolean;
  /** Under a pseudo-terminal: read stdin from this file instead of the terminal. */
  stdinFile?: string;
}

/**
 * An environment with no LOGTO_* settings from the developer's shell, private XDG directories, and a
 * profile of its own: the keychain is shared by every test, so profiles keep their secrets apart.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'logto-test-'));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('LOGTO_') && key !== 'NO_COLOR' && key !== 'FORCE_COLOR') env[key] = value;
  }
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_STATE_HOME: join(home, 'state'),
    XDG_CACHE_HOME: join(home, 'cache'),
    LOGTO_PROFILE: `test-${home.slice(-6).toLowerCase()}`,
  });
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function runCli(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: cleanEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const watching: Promise<void>[] = [];
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (options.onStderr) watching.push(Promise.resolve(options.onStderr(stderr)));
    });
    child.on('error', reject);
    child.on('close', (code) => Promise.all(watching).then(() => resolve({ stdout, stderr, code }), reject));
    child.stdin.end(options.stdin ?? '');
  });
}

/** Runs the CLI under a pseudo-terminal (util-linux `script`), so stdout and stdin are TTYs; both streams arrive on stdout. */
export function runInTerminal(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return runInteractive(args, [], options).then((result) => (options.pipeStderr ? result : { ...result, stderr: '' }));
}

/** Drives the CLI under a pseudo-terminal like a person: waits for each prompt, then types the answer. */
export function runInteractive(args: string[], steps: [RegExp, string][], options: RunOptions = {}): Promise<RunResult> {
  const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
  const quoted = [process.execPath, BIN, ...args].map(quote).join(' ');
  const stderrFile = options.pipeStderr ? join(mkdtempSync(join(tmpdir(), 'logto-stderr-')), 'stderr') : undefined;
  const redirect = `${stderrFile ? ` 2>${quote(stderrFile)}` : ''}${options.stdinFile ? ` <${quote(options.stdinFile)}` : ''}`;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', `stty cols ${options.columns ?? 200}; ${quoted}${redirect}`, '/dev/null'], {
      cwd: options.cwd ?? ROOT,
      env: cleanEnv({ TERM: 'xterm-256color', ...options.env }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let step = 0;
    let seenUpTo = 0;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const pending = steps[step];
      if (pending && pending[0].test(stdout.slice(seenUpTo))) {
        seenUpTo = stdout.length;
        step += 1;
        child.stdin.write(pending[1]);
      }
    });
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ stdout: stdout.replace(/\r\n/g, '\n'), stderr: stderrFile ? readFileSync(stderrFile, 'utf8') : `answered ${step} of ${steps.length} prompts`, code }),
    );
    if (options.stdin !== undefined) child.stdin.write(options.stdin);
  });
}

/**
 * Runs `PRODUCER | logto ARGS` in a shell, as a script would: the CLI reads a real pipe whose
 * writer may be slower than the reader. PRODUCER is shell code; `env` also reaches it.
 */
export function runPiped(producer: string, args: string[], options: Omit<RunOptions, 'stdin'> = {}): Promise<RunResult> {
  const quoted = [process.execPath, BIN, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `(${producer}) | ${quoted}`], { cwd: options.cwd ?? ROOT, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}
