// Issue 10's fuzz sweep, kept: a fixed seed, every operation of every surface (bundled, and synced
// from Logto's real documents) and every built-in command, with valid, hostile and malformed
// argv and stdin, against a loopback echo server. Most cases run in this process through the
// CLI's entry point (`main`, what bin/logto.js calls); a subset runs as child processes.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IO } from '../src/output/io';
import type { SurfaceRecord } from '../src/catalog/record';
import { BIN, cleanEnv, ROOT, runCli } from './helpers/cli';
import { fuzzCases, type FuzzCase } from './helpers/fuzz-cases';

const SEED = 20261002;
const CASES = 1050;
/** One case in this many also runs as a child process, with every case that needs one. */
const SPAWN_EVERY = 50;
const EXIT_CODES = new Set([0, 1, 2, 3, 4, 130]);
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(node:[^)]+\))$/m;

const load = createRequire(import.meta.url);
/** The module bin/logto.js hands argv to, so that these runs take the path a user's do. */
const entry = /require\('(\.\.\/dist\/[^']+)'\)\s*\.main\(/.exec(readFileSync(BIN, 'utf8'))?.[1];
if (!entry) throw new Error(`cannot find the module ${BIN} calls main() of`);
const { main } = load(join(dirname(BIN), entry)) as { main: (argv: string[], io: IO, env: NodeJS.ProcessEnv) => Promise<number> };
const { loadRegistry } = load(join(ROOT, 'dist', 'src', 'catalog', 'registry.js')) as { loadRegistry: (env: NodeJS.ProcessEnv) => { surfaces: SurfaceRecord[] } };

interface Seen {
  method: string;
  url: string;
}

/** Answers every request with what it received: a one-item page for list calls, an object otherwise. */
async function echoServer(): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '' });
      const echo = { method: req.method, url: req.url, id: 'e1', name: 'echo' };
      const page = req.method === 'GET' && /[?&]page=/.test(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json', ...(page ? { 'total-number': '1' } : {}) });
      res.end(JSON.stringify(page ? [echo] : echo));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  requests: Seen[];
}

/** What the sweep counts as a defect in one run. */
function problemsOf(fuzz: FuzzCase, outcome: Outcome): string[] {
  const problems: string[] = [];
  if (outcome.code === null || !EXIT_CODES.has(outcome.code)) problems.push(`exit code ${outcome.code} is not documented`);
  if (STACK_FRAME.test(outcome.stderr) || STACK_FRAME.test(outcome.stdout)) problems.push('stack trace');
  if (/unexpected failure/.test(outcome.stderr + outcome.stdout)) problems.push('unexpected failure');
  if (fuzz.dryRun && outcome.requests.length > 0) problems.push(`${outcome.requests.length} request(s) from --dry-run`);
  for (const request of outcome.requests) {
    const path = request.url.split('?')[0];
    const matches = fuzz.allowed.filter((allowed) => (!allowed.method || allowed.method === request.method) && allowed.path.test(path));
    if (matches.length === 0) problems.push(`request outside the template: ${request.method} ${request.url}`);
    else if (!fuzz.yes && matches.every((allowed) => allowed.destructive)) problems.push(`destructive request without --yes: ${request.method} ${request.url}`);
  }
  return problems;
}

/** Builtins that change the specs get a data directory of their own, so the others keep every surface. */
const envFor = (fuzz: FuzzCase, env: Record<string, string>, scratchData: string) =>
  fuzz.argv[0] === 'specs' && fuzz.argv[1] !== 'list' ? { ...env, XDG_DATA_HOME: scratchData } : env;

async function runInProcess(fuzz: FuzzCase, env: Record<string, string>, seen: Seen[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const io: IO = {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    color: false,
    colorErr: false,
    readStdin: async () => fuzz.stdin,
    stdinLines: async function* () {
      yield* fuzz.stdin.split('\n');
    },
  };
  const before = seen.length;
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<number | null>((resolve) => (timer = setTimeout(() => resolve(null), 20_000)));
  const code = await Promise.race([main([...fuzz.argv], io, { ...env }), hang]);
  clearTimeout(timer);
  return { code, stdout, stderr: code === null ? `${stderr}(no exit after 20 s)` : stderr, requests: seen.slice(before) };
}

function runSpawned(fuzz: FuzzCase, env: Record<string, string>, seen: Seen[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const before = seen.length;
    const child = spawn(process.execPath, [BIN, ...fuzz.argv], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.stdin.on('error', () => {});
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, requests: seen.slice(before) });
    });
    child.stdin.end(fuzz.stdin);
  });
}

let echo: Awaited<ReturnType<typeof echoServer>>;
let env: Record<string, string>;
let scratchData: string;
let cases: FuzzCase[];

beforeAll(async () => {
  echo = await echoServer();
  env = cleanEnv({ LOGTO_ENDPOINT: echo.url, LOGTO_API_KEY: 'fuzz-token', LOGTO_PROFILE: 'fuzz-main' });
  scratchData = mkdtempSync(join(tmpdir(), 'logto-fuzz-data-'));
  const documents = ['management.json', 'account.json', 'experience.json'].flatMap((file) => ['--from-file', join(ROOT, '..', 'shared', 'logto-openapi', file)]);
  const synced = await runCli(['specs', 'sync', ...documents], { env });
  expect(synced.code, synced.stderr).toBe(0);
  cases = fuzzCases({ surfaces: loadRegistry(env).surfaces, prefix: '' }, SEED, CASES);
}, 60_000);
afterAll(() => new Promise<void>((resolve) => echo.server.close(() => resolve())));

describe('fuzz sweep', () => {
  it(`${CASES} cases over every surface's operations and every built-in: no stack trace, documented exit codes, no stray, destructive or dry-run request`, async () => {
    const surfaces = loadRegistry(env).surfaces;
    const operations = surfaces.reduce((sum, surface) => sum + surface.operations.length, 0);
    expect(surfaces.length).toBeGreaterThanOrEqual(40);
    expect(operations).toBeGreaterThanOrEqual(359);
    expect(cases.length).toBeGreaterThanOrEqual(1000);

    const failures: string[] = [];
    const codes = new Map<number | null, number>();
    let requests = 0;
    const started = Date.now();
    const record = (fuzz: FuzzCase, outcome: Outcome, how: string) => {
      codes.set(outcome.code, (codes.get(outcome.code) ?? 0) + 1);
      requests += outcome.requests.length;
      const problems = problemsOf(fuzz, outcome);
      if (problems.length > 0) failures.push(`${how} ${JSON.stringify(fuzz.argv).slice(0, 300)}: ${problems.join('; ')}\n  stderr: ${outcome.stderr.slice(0, 300)}`);
    };

    let inProcess = 0;
    for (const fuzz of cases.filter((one) => !one.spawnOnly)) {
      record(fuzz, await runInProcess(fuzz, envFor(fuzz, env, scratchData), echo.seen), 'in process');
      inProcess += 1;
    }

    const inProcessMs = Date.now() - started;
    // The same checks on real processes, several at a time, each with an echo server of its own.
    const spawned = cases.filter((one, i) => one.spawnOnly || i % SPAWN_EVERY === 0);
    const slots = await Promise.all(Array.from({ length: 4 }, () => echoServer()));
    let next = 0;
    await Promise.all(
      slots.map(async (slot) => {
        while (next < spawned.length) {
          const fuzz = spawned[next++];
          record(fuzz, await runSpawned(fuzz, { ...envFor(fuzz, env, scratchData), LOGTO_ENDPOINT: slot.url }, slot.seen), 'spawned');
        }
      }),
    );
    await Promise.all(slots.map((slot) => new Promise((resolve) => slot.server.close(resolve))));

    const summary = `${inProcess} in process + ${spawned.length} spawned, ${requests} requests, exit codes ${JSON.stringify(Object.fromEntries([...codes].sort()))}, ${inProcessMs} ms in process, ${Date.now() - started} ms in all`;
    console.log(`fuzz: ${summary}`);
    expect(failures, summary).toEqual([]);
    expect(inProcess + spawned.length).toBeGreaterThanOrEqual(1000);
    // A sweep that sends nothing, or fails everything, tests nothing.
    expect(codes.get(0) ?? 0).toBeGreaterThan(100);
    expect(codes.get(2) ?? 0).toBeGreaterThan(100);
    expect(requests).toBeGreaterThan(300);
  }, 170_000);
});
