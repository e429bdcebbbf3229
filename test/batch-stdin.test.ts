// Issue 10, items 1 and 4: `logto batch` gives every line exactly one result and never
// loses a request it sent; every stdin input reads a real pipe until EOF, however slow.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, ROOT, runCli, runPiped } from './helpers/cli';
import { M2M, NATIVE, USER, startLogtoServer, type LogtoServer } from './helpers/logto-server';
import { startServer, type TestServer } from './helpers/server';

let server: TestServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startServer();
  env = cleanEnv({ LOGTO_API_KEY: 'token', LOGTO_ENDPOINT: server.url });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.reply((request) => ({ body: { method: request.method, path: request.pathname } }));
});

const create = (n: number) => JSON.stringify({ command: 'one-time-tokens create-one-time-token', body: { email: `u${n}@example.com` } });
const results = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as { line: number; exit: number; command?: string; response?: unknown; error?: { message: string } });

describe('logto batch: one result per line', () => {
  it('reports a null line as an error and every other line as sent (20 creates, line 2 null)', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => (i === 1 ? 'null' : create(i + 1)));
    const result = await runCli(['batch'], { env, stdin: `${lines.join('\n')}\n` });
    const out = results(result.stdout);
    expect(out.map((one) => one.line)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(out[1]).toEqual({ line: 2, exit: 2, error: { message: 'a line must be a JSON object: {"command":"SURFACE COMMAND","args":{...},"body":...}' } });
    expect(out.filter((one) => one.exit === 0)).toHaveLength(19);
    expect(server.requests).toHaveLength(19);
    expect(result).toMatchObject({ code: 1, stderr: 'Error: 1 of 20 lines failed\n' });
  });

  it('gives each malformed line its own error result and exit code, in order, and sends only the good ones', async () => {
    const deep = `${'['.repeat(20000)}${']'.repeat(20000)}`;
    const list = (args?: unknown) => JSON.stringify({ command: 'one-time-tokens get-one-time-tokens', ...(args === undefined ? {} : { args }) });
    const lines: [string, number, RegExp?][] = [
      ['null', 2, /^a line must be a JSON object/],
      ['5', 2, /^a line must be a JSON object/],
      ['"one-time-tokens get-one-time-tokens"', 2, /^a line must be a JSON object/],
      ['[]', 2, /^a line must be a JSON object/],
      ['{"command":', 2, /^not valid JSON: /],
      ['{}', 2, /^"command" must be "SURFACE COMMAND"/],
      [list({ help: true }), 2, /^"help" cannot be a batch line/],
      [list({ h: true }), 2, /^"help" cannot be a batch line/],
      [list({ 'dry-run': true }), 2, /^"dry-run" cannot be used in a batch line/],
      [list({ 'dry-run': 'curl' }), 2, /^"dry-run" cannot be used in a batch line/],
      [list({ output: 'yaml' }), 2, /^a batch line's response is always JSON/],
      [list({ output: 'table' }), 2, /^a batch line's response is always JSON/],
      [list({ o: 'tsv' }), 2, /^a batch line's response is always JSON/],
      [list({ output: 'json' }), 0],
      [list([1]), 2, /^"args" must be an object$/],
      [list({ nope: 1 }), 2, /^unknown flag --nope for one-time-tokens get-one-time-tokens/],
      [list({ body: '-' }), 2, /^unknown flag --body/],
      [`{"command":"one-time-tokens create-one-time-token","body":${deep}}`, 2, /^the line is nested more than 512 levels deep$/],
      [`{"command":"one-time-tokens create-one-time-token","args":{"body":"-"}}`, 2, /^a batch line cannot read stdin/],
      [`{"command":"one-time-tokens create-one-time-token","args":{"raw-field":"a=${'['.repeat(3000)}${']'.repeat(3000)}"}}`, 2, /^-F a is nested more than 512 levels deep$/],
      ['{"command":"nope nope"}', 2, /^unknown command "nope nope"$/],
      [list(), 0],
    ];
    const result = await runCli(['batch', '--concurrency', '3'], { env, stdin: `${lines.map(([text]) => text).join('\n')}\n` });
    const out = results(result.stdout);
    expect(out.map((one) => [one.line, one.exit])).toEqual(lines.map(([, exit], i) => [i + 1, exit]));
    lines.forEach(([, , message], i) => {
      if (message) expect(out[i].error?.message).toMatch(message);
    });
    expect(result.stdout).not.toContain('unexpected failure');
    expect(server.requests.map((request) => `${request.method} ${request.pathname}`)).toEqual(['GET /api/one-time-tokens', 'GET /api/one-time-tokens']);
    expect(result).toMatchObject({ code: 1, stderr: `Error: ${lines.length - 2} of ${lines.length} lines failed\n` });
  });

  it('answers each line as soon as it is known, while later lines have not been written yet', async () => {
    const child = spawn(process.execPath, [BIN, 'batch'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    const firstResult = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (stdout.includes('\n')) resolve();
      }),
    );
    child.stdin.write(`${create(1)}\n`);
    await firstResult;
    expect(server.requests).toHaveLength(1);
    child.stdin.end(`${create(2)}\n`);
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(results(stdout).map((one) => [one.line, one.exit])).toEqual([[1, 0], [2, 0]]);
  });

  it('on Ctrl-C, reports every line it sent and starts no more', async () => {
    server.reply(() => ({ delay: 5000, body: {} }));
    const child = spawn(process.execPath, [BIN, 'batch', '--concurrency', '3'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stdin.end(`${Array.from({ length: 10 }, (_, i) => create(i)).join('\n')}\n`);
    for (const deadline = Date.now() + 10_000; server.requests.length < 3 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(server.requests).toHaveLength(3);
    expect(results(stdout).map((one) => [one.line, one.exit])).toEqual([[1, 130], [2, 130], [3, 130]]);
  });
});

describe('slow stdin: read until EOF whatever the pace', () => {
  it('logto batch stops on Ctrl-C while waiting for the next line', async () => {
    const child = spawn(process.execPath, [BIN, 'batch'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stdin.write(`${create(1)}\n`);
    for (const deadline = Date.now() + 10_000; !stdout.includes('\n') && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGINT');
    // stdin stays open: the producer is still there, just slow.
    const code = await new Promise((resolve) => child.on('close', resolve));
    child.stdin.destroy();
    expect(code).toBe(130);
    expect(results(stdout).map((one) => [one.line, one.exit])).toEqual([[1, 0]]);
  });


  // The producer writes after the CLI has started reading, in several pieces.
  const slowly = (...pieces: string[]) => pieces.map((_, i) => `sleep 0.2; printf '%s\\n' "$PIECE${i}"`).join('; ');
  const pieceEnv = (...pieces: string[]) => ({ ...env, ...Object.fromEntries(pieces.map((piece, i) => [`PIECE${i}`, piece])) });

  it('logto batch', async () => {
    const result = await runPiped(slowly(create(1), create(2)), ['batch'], { env: pieceEnv(create(1), create(2)) });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(results(result.stdout).map((one) => [one.line, one.exit])).toEqual([[1, 0], [2, 0]]);
    expect(server.requests.map((request) => request.json)).toEqual([{ email: 'u1@example.com' }, { email: 'u2@example.com' }]);
  });

  it('--body - and -F KEY=@-', async () => {
    const body = await runPiped(slowly('{"email":', '"slow@example.com"}'), ['one-time-tokens', 'create-one-time-token', '--body', '-'], {
      env: pieceEnv('{"email":', '"slow@example.com"}'),
    });
    expect(body).toMatchObject({ code: 0, stderr: '' });
    const field = await runPiped(slowly('["a",', '"b"]'), ['api', 'POST', '/api/x', '-F', 'list=@-'], { env: pieceEnv('["a",', '"b"]') });
    expect(field).toMatchObject({ code: 0, stderr: '' });
    expect(server.requests.map((request) => request.json)).toEqual([{ email: 'slow@example.com' }, { list: ['a', 'b'] }]);
  });

  it('a 5 MB batch through cat', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logto-batch-'));
    const file = join(dir, 'lines.ndjson');
    const filler = 'x'.repeat(100_000);
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ command: 'one-time-tokens create-one-time-token', body: { email: `u${i}@example.com`, context: { filler } } }));
    writeFileSync(file, `${lines.join('\n')}\n`);
    const result = await runPiped(`cat '${file}'`, ['batch', '--concurrency', '8'], { env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(results(result.stdout).map((one) => one.exit)).toEqual(new Array(50).fill(0));
    expect(server.requests).toHaveLength(50);
    expect(server.requests.every((request) => (request.json as { context: { filler: string } }).context.filler.length === 100_000)).toBe(true);
  });

  describe('secrets from stdin', () => {
    let logto: LogtoServer;
    beforeAll(async () => {
      logto = await startLogtoServer();
    });
    afterAll(() => logto.close());

    it('auth login --m2m --client-secret-stdin and auth login --password --password-stdin', async () => {
      const profile = `slow${Math.random().toString(36).slice(2, 8)}`;
      const own = cleanEnv({ LOGTO_PROFILE: profile, SECRET: M2M.secret, PASSWORD: USER.password });
      const m2m = await runPiped(`sleep 0.3; printf '%s\\n' "$SECRET"`, ['auth', 'login', '--m2m', '--client-id', M2M.id, '--client-secret-stdin', '--endpoint', logto.url], { env: own });
      expect(m2m.stderr).toContain(`as profile ${profile} (m2m)`);
      expect(m2m.code).toBe(0);
      const password = await runPiped(
        `sleep 0.3; printf '%s' "$PASSWORD"`,
        ['auth', 'login', '--password', '--client-id', NATIVE.id, '--redirect-uri', NATIVE.redirectUri, '--username', USER.username, '--password-stdin', '--endpoint', logto.url, '--profile', `${profile}u`],
        { env: own },
      );
      expect(password.stderr).toContain(`as profile ${profile}u`);
      expect(password.code).toBe(0);
      expect(logto.tokenRequests('client_credentials')).toHaveLength(1);
    });
  });
});
