// Canary secrets: a distinctive token, client secret and password sent through every output
// path (--verbose, --dry-run, --dry-run=curl, errors, timeouts, batch, MCP results, auth status,
// config list, files under HOME). Each scenario first proves the canary really travelled (the
// server received it), then that no output the user sees contains it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli, type RunResult } from './helpers/cli';
import { M2M, startLogtoServer, type LogtoServer } from './helpers/logto-server';
import { startServer, type TestServer } from './helpers/server';

const TOKEN = 'CANARY-TOKEN-7f3a9';
const SECRET = 'CANARY-SECRET-2c8d';
const PASSWORD = 'CANARY-PASS-4b1e';
const VERIFICATION = 'CANARY-VERIF-91d0';
const CANARIES = [TOKEN, SECRET, PASSWORD, VERIFICATION, M2M.secret];
/** Query names the sweep found leaking, each carrying a canary. */
const QUERY = `client_secret=${SECRET}&pwd=${PASSWORD}&pass=${PASSWORD}&auth=${TOKEN}&code=${SECRET}&api_key=${SECRET}&otp=${PASSWORD}&page=2&keyword=kw&author=au`;

let server: TestServer;
let env: Record<string, string>;
const seen: string[] = [];

/** Everything a user would see from a run; every test ends by checking none of it holds a canary. */
const shown = (result: RunResult | string) => {
  const text = typeof result === 'string' ? result : `${result.stdout}\n${result.stderr}`;
  seen.push(text);
  return text;
};
const expectNoCanary = (text: string) => {
  for (const canary of CANARIES) expect(text).not.toContain(canary);
};

/** A server whose error messages quote the request back, credentials and all, as careless servers do. */
function echoing(status: number) {
  server.reply((request) => ({
    status,
    body: {
      code: 'guard.invalid_input',
      message: `rejected ${request.url} with authorization: ${request.headers.authorization} and body ${request.body}`,
      data: { received: request.json ?? null },
    },
  }));
}

beforeAll(async () => {
  server = await startServer();
  env = { LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: TOKEN };
});
afterAll(async () => {
  await server.close();
  expectNoCanary(seen.join('\n'));
});
beforeEach(() => {
  server.requests.length = 0;
  server.reply(() => ({ body: { ok: true } }));
});

const post = (extra: string[], options: { env?: Record<string, string> } = {}) =>
  runCli(['api', 'POST', `/api/users?${QUERY}`, '-f', 'password=@-', '-F', `profile={"nested":{"clientSecret":"${SECRET}"}}`, '-H', `X-Api-Key: ${SECRET}`, ...extra], {
    env: { ...env, ...options.env },
    stdin: `${PASSWORD}\n`,
  });

describe('request output paths', () => {
  it('--verbose traces the request and response without a canary', async () => {
    server.reply(() => ({ headers: { 'set-cookie': `session=${SECRET}` }, body: { ok: true } }));
    const result = await post(['--verbose']);
    expect(result.code).toBe(0);
    // The canaries did travel.
    expect(server.requests[0].url).toContain(`client_secret=${SECRET}`);
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.requests[0].json).toEqual({ password: PASSWORD, profile: { nested: { clientSecret: SECRET } } });
    const text = shown(result);
    expect(text).toContain('> POST');
    expect(text).toContain('client_secret=[redacted]&pwd=[redacted]&pass=[redacted]&auth=[redacted]&code=[redacted]&api_key=[redacted]&otp=[redacted]&page=2&keyword=kw&author=au');
    expectNoCanary(text);
  });

  it('--dry-run and --dry-run=curl show the request, secrets redacted, and send nothing', async () => {
    for (const style of ['--dry-run', '--dry-run=curl']) {
      const result = await post([style]);
      expect(result.code).toBe(0);
      const text = shown(result);
      expect(text).toContain('"password":"[redacted]"');
      expect(text).toContain('"clientSecret":"[redacted]"');
      expectNoCanary(text);
    }
    expect(server.requests).toHaveLength(0);
  });

  it('errors, as text and as JSON, even when the server quotes the credentials back', async () => {
    echoing(400);
    for (const output of [[], ['-o', 'json']]) {
      const result = await post(output);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('rejected /api/users?client_secret=[redacted]');
      expectNoCanary(shown(result));
    }
    expect(server.requests).toHaveLength(2);
  });

  it('timeouts, retried or not', async () => {
    server.reply(() => ({ delay: 3000, body: {} }));
    const result = await runCli(['api', 'GET', `/api/users?${QUERY}`, '--timeout', '0.3', '--retries', '0'], { env });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^Error: request timed out after 0\.3s: GET .*client_secret=\[redacted\]/);
    expectNoCanary(shown(result));
  });

  it('a secret-looking body field typed on the command line is warned about; the stdin form is not', async () => {
    const typed = await runCli(['api', 'POST', '/api/users', '-f', `password=${PASSWORD}`, '-f', 'username=bob'], { env });
    expect(typed.code).toBe(0);
    expect(typed.stderr).toBe('warning: password on the command line shows in shell history and the process list; pass it on stdin instead: -f password=@- or --body -\n');
    expect(server.requests[0].json).toEqual({ password: PASSWORD, username: 'bob' });
    const piped = await runCli(['api', 'POST', '/api/users', '-f', 'password=@-'], { env, stdin: `${PASSWORD}\n` });
    expect(piped.stderr).toBe('');
    expect(server.requests[1].json).toEqual({ password: PASSWORD });
  });
});

describe('batch and MCP', () => {
  it('batch results and --verbose traces of every line', async () => {
    echoing(422);
    const line = JSON.stringify({ command: 'my-account update-profile', args: { 'verification-id': VERIFICATION }, body: { username: 'bob', password: PASSWORD, clientSecret: SECRET } });
    const result = await runCli(['batch', '--verbose'], { env, stdin: `${line}\n${line}\n` });
    expect(result.code).toBe(1);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0].headers['logto-verification-id']).toBe(VERIFICATION);
    const results = result.stdout.trim().split('\n').map((one) => JSON.parse(one) as { exit: number; error: { message: string } });
    expect(results.map((one) => one.exit)).toEqual([1, 1]);
    expect(results[0].error.message).toContain('"password":"[redacted]"');
    expectNoCanary(shown(result));
  });

  it('MCP tool results, for a server error and for a timeout', async () => {
    echoing(400);
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', 'serve', '--timeout', '1'], env: cleanEnv(env), stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (chunk) => (stderr += chunk));
    const client = new Client({ name: 'canary', version: '1.0.0' });
    await client.connect(transport);
    try {
      const args = { 'verification-id': VERIFICATION, body: { username: 'bob', password: PASSWORD } };
      const failed = await client.callTool({ name: 'update-profile', arguments: args });
      expect(failed.isError).toBe(true);
      expect(server.requests[0].json).toEqual({ username: 'bob', password: PASSWORD });
      server.reply(() => ({ delay: 3000, body: {} }));
      const slow = await client.callTool({ name: 'update-profile', arguments: args });
      expect(JSON.stringify(slow)).toContain('timed out');
      expectNoCanary(shown(`${JSON.stringify([failed, slow])}\n${stderr}`));
    } finally {
      await client.close();
    }
  });
});

describe('credentials at rest and on display', () => {
  let logto: LogtoServer;
  beforeAll(async () => {
    logto = await startLogtoServer();
  });
  afterAll(() => logto.close());

  /** Every file under a directory, with its permission bits and text. */
  const filesUnder = (root: string) => {
    const files: { path: string; mode: number; text: string }[] = [];
    const walk = (dir: string) => {
      if (!existsSync(dir)) return;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else files.push({ path, mode: statSync(path).mode & 0o777, text: readFileSync(path, 'latin1') });
      }
    };
    walk(root);
    return files;
  };

  async function signInAndLook(extra: string[]) {
    const home = cleanEnv();
    const run = (args: string[], stdin?: string) => runCli(args, { env: { ...home, LOGTO_ENDPOINT: logto.url }, stdin });
    const login = await run(['auth', 'login', '--m2m', '--client-id', M2M.id, '--client-secret-stdin', ...extra], `${M2M.secret}\n`);
    expect(login.code).toBe(0);
    const call = await run(['one-time-tokens', 'get-one-time-tokens', '--verbose']);
    expect(call.code).toBe(0);
    const accessToken = /Bearer (\S+)/.exec(String(logto.requests.at(-1)?.headers.authorization))?.[1];
    expect(accessToken).toBeTruthy();
    const outputs = [login, call, await run(['auth', 'status']), await run(['auth', 'status', '-o', 'json']), await run(['config', 'list']), await run(['config', 'list', '--all', '-o', 'yaml'])];
    for (const result of outputs) {
      expect(result.code).toBe(0);
      const text = shown(result);
      expectNoCanary(text);
      expect(text).not.toContain(accessToken);
    }
    return { files: filesUnder(home.HOME), accessToken: accessToken! };
  }

  it('with the keychain: auth login, auth status, config list and every file under HOME hold no client secret or token', async () => {
    const { files, accessToken } = await signInAndLook([]);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expectNoCanary(file.text);
      expect(file.text).not.toContain(accessToken);
    }
  });

  it('with --insecure-storage: the secrets are only in the 0600 secrets file, in a 0700 directory', async () => {
    const { files, accessToken } = await signInAndLook(['--insecure-storage']);
    const holding = files.filter((file) => file.text.includes(M2M.secret) || file.text.includes(accessToken));
    expect(holding.map((file) => file.path.split('/').pop())).toEqual(['secrets.json']);
    expect(holding[0].mode).toBe(0o600);
    expect(statSync(join(holding[0].path, '..')).mode & 0o777).toBe(0o700);
  });

  it('--dry-run=curl runs as printed for a signed-in profile: the credential comes from logto auth token', async () => {
    const home = cleanEnv({ LOGTO_ENDPOINT: logto.url });
    const login = await runCli(['auth', 'login', '--m2m', '--client-id', M2M.id, '--client-secret-stdin'], { env: home, stdin: `${M2M.secret}\n` });
    expect(login.code).toBe(0);
    const printed = await runCli(['one-time-tokens', 'get-one-time-tokens', '--dry-run=curl'], { env: home });
    expect(printed.stdout).toContain('${LOGTO_API_KEY:-$(logto auth token --surface management)}');
    expectNoCanary(shown(printed));
    // `logto` on PATH, as after npm install -g; no LOGTO_API_KEY in the environment.
    const bin = mkdtempSync(join(tmpdir(), 'logto-bin-'));
    writeFileSync(join(bin, 'logto'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`, { mode: 0o755 });
    // Async: the server answering curl (and the token request) lives in this process.
    const child = spawn('sh', ['-c', `${printed.stdout.trim()} --silent --fail --max-time 10`], { env: { ...home, PATH: `${bin}:${process.env.PATH}` } });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
    expect(JSON.parse(stdout)).toEqual([{ id: 'ott-1', email: 'a@b.co', status: 'active' }]);
    expect(logto.requests.at(-1)?.headers.authorization).toMatch(/^Bearer \S+$/);
  });
});
