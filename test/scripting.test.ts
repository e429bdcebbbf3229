// What scripts rely on: --query, ndjson/tsv, --all paging, retries, confirmations,
// dry runs, batch, logto api, completion and Ctrl-C, against a loopback server.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli, runInteractive, runInTerminal } from './helpers/cli';
import { startServer, type RecordedRequest, type Reply, type TestServer } from './helpers/server';

const TOKENS = Array.from({ length: 250 }, (_, i) => ({ id: `t${i + 1}`, email: `user${i + 1}@example.com`, status: i % 2 ? 'active' : 'revoked' }));
let server: TestServer;
let env: Record<string, string>;

/** Logto-style paging: `page`, `page_size` (default 20), `Total-Number`. */
function pageOf(request: RecordedRequest, items: unknown[]): Reply {
  const page = Number(request.query.page ?? 1);
  const size = Number(request.query.page_size ?? 20);
  return { body: items.slice((page - 1) * size, page * size), headers: { 'total-number': String(items.length) } };
}

beforeAll(async () => {
  server = await startServer();
  env = { LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: 'token' };
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.reply((request) => pageOf(request, TOKENS));
});

const list = (args: string[], options = {}) => runCli(['one-time-tokens', 'get-one-time-tokens', ...args], { env, ...options });

describe('--query', () => {
  it('projects the response with JMESPath', async () => {
    const result = await list(['--query', "[?status=='active'].id", '--page-size', '6']);
    expect(result).toMatchObject({ code: 0, stdout: '["t2","t4","t6"]\n' });
  });

  it('is a usage error, pointing at the position, before any request', async () => {
    const result = await list(['--query', 'items[?status==]']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('Error: invalid --query at position 15 (items[?status==»]): invalid token (Rbracket): "]"\n');
    expect(server.requests).toHaveLength(0);
  });

  it('with --all applies to the whole result for json, and to each item for ndjson', async () => {
    const whole = await list(['--all', '--query', 'length(@)']);
    expect(whole.stdout).toBe('250\n');
    const each = await list(['--all', '-o', 'ndjson', '--query', 'id', '--limit', '3']);
    expect(each.stdout).toBe('"t1"\n"t2"\n"t3"\n');
  });
});

describe('formats', () => {
  it('-o ndjson writes one element per line, -o tsv rows without a header', async () => {
    const ndjson = await list(['-o', 'ndjson', '--page-size', '2']);
    expect(ndjson.stdout).toBe(`${JSON.stringify(TOKENS[0])}\n${JSON.stringify(TOKENS[1])}\n`);
    const tsv = await list(['-o', 'tsv', '--page-size', '2', '--columns', 'email,id']);
    expect(tsv.stdout).toBe('user1@example.com\tt1\nuser2@example.com\tt2\n');
  });

  it('--columns chooses and orders table columns; long cells are cut on a terminal only', async () => {
    const long = 'x'.repeat(100);
    server.reply(() => ({ body: [{ id: 't1', note: long, email: 'a@b.co' }] }));
    const piped = await list(['-o', 'table', '--columns', 'note,id']);
    expect(piped.stdout).toBe(`NOTE${' '.repeat(98)}ID\n${long}  t1\n`);
    const terminal = await runInTerminal(['one-time-tokens', 'get-one-time-tokens', '--columns', 'note,id'], { env: { ...env, NO_COLOR: '1' } });
    expect(terminal.stdout).toContain(`${'x'.repeat(59)}…  t1`);
  });
});

describe('pagination', () => {
  it('--all fetches every page and writes one JSON array', async () => {
    const result = await list(['--all']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(TOKENS);
    expect(server.requests.map((request) => request.query)).toEqual([
      { page: '1', page_size: '100' },
      { page: '2', page_size: '100' },
      { page: '3', page_size: '100' },
    ]);
  });

  it('--all -o ndjson streams every item; --limit stops early', async () => {
    const all = await list(['--all', '-o', 'ndjson', '--page-size', '50']);
    expect(all.stdout.trim().split('\n').map((line) => JSON.parse(line).id)).toEqual(TOKENS.map((token) => token.id));
    server.requests.length = 0;
    const limited = await list(['--all', '--limit', '130', '-o', 'ndjson']);
    expect(limited.stdout.trim().split('\n')).toHaveLength(130);
    expect(server.requests).toHaveLength(2);
  });

  it('without --all, hints at more pages on a terminal only', async () => {
    const terminal = await runInTerminal(['one-time-tokens', 'get-one-time-tokens', '-o', 'json'], { env });
    expect(terminal.stdout).toContain('Showing 20 of 250; pass --all for every page, or --page 2 for the next.');
    const piped = await list([]);
    expect(piped.stderr).toBe('');
  });

  it('--all exists only on operations that page', async () => {
    const result = await runCli(['my-account', 'get-profile', '--all'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('Error: unknown flag --all for my-account get-profile\n');
  });
});

describe('retries', () => {
  it('honours Retry-After on 429 for a GET, and shows each attempt with --verbose', async () => {
    let calls = 0;
    server.reply((request) => (++calls === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: { code: 'too_many', message: 'slow down' } } : pageOf(request, TOKENS)));
    const started = Date.now();
    const result = await list(['--page-size', '1', '--verbose']);
    expect(result.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(server.requests).toHaveLength(2);
    expect(result.stderr).toContain('* HTTP 429: retrying in 1.0s (attempt 2 of 3)');
  });

  it('retries a connection reset on an idempotent operation', async () => {
    let calls = 0;
    server.reply((request) => (++calls === 1 ? { hangUp: true } : pageOf(request, TOKENS)));
    const result = await list(['--page-size', '1']);
    expect(result.code).toBe(0);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after three attempts, and --retries 0 disables retrying', async () => {
    server.reply(() => ({ status: 503, body: { code: 'unavailable', message: 'down' } }));
    const three = await list([]);
    expect(three.code).toBe(1);
    expect(server.requests).toHaveLength(3);
    server.requests.length = 0;
    const none = await list(['--retries', '0']);
    expect(none.code).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('never retries an operation that is not idempotent', async () => {
    server.reply(() => ({ status: 503, body: { code: 'unavailable', message: 'down' } }));
    const result = await runCli(['one-time-tokens', 'create-one-time-token', '-f', 'email=a@b.co'], { env });
    expect(result.code).toBe(1);
    expect(server.requests).toHaveLength(1);
  });
});

describe('destructive operations', () => {
  const remove = ['one-time-tokens', 'delete-one-time-token-id', '--id', 't9'];

  it('refuse without --yes when not on a terminal, and run with it', async () => {
    server.reply(() => ({ status: 204 }));
    const refused = await runCli(remove, { env });
    expect(refused).toEqual({
      code: 2,
      stdout: '',
      stderr: 'Error: Delete one-time token by ID (one-time-tokens delete-one-time-token-id) is destructive (DELETE /api/one-time-tokens/t9): pass --yes to run it without a terminal\n',
    });
    expect(server.requests).toHaveLength(0);
    const done = await runCli([...remove, '--yes'], { env });
    expect(done).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(server.requests[0]).toMatchObject({ method: 'DELETE', url: '/api/one-time-tokens/t9' });
  });

  it('ask on a terminal, naming the operation and target', async () => {
    server.reply(() => ({ status: 204 }));
    const declined = await runInteractive(remove, [[/Continue\?/, 'n\r']], { env });
    expect(declined.code).toBe(2);
    // eslint-disable-next-line no-control-regex
    const screen = declined.stdout.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\s+/g, ' ');
    expect(screen).toContain('Delete one-time token by ID (one-time-tokens delete-one-time-token-id): DELETE /api/one-time-tokens/t9. Continue?');
    expect(declined.stdout).toContain('aborted: nothing was sent');
    expect(server.requests).toHaveLength(0);
    const accepted = await runInteractive(remove, [[/Continue\?/, 'y\r']], { env });
    expect(accepted.code).toBe(0);
    expect(server.requests).toHaveLength(1);
  });
});

describe('--dry-run', () => {
  it('prints the request with credentials redacted and sends nothing', async () => {
    const result = await runCli(['one-time-tokens', 'update-one-time-token-status', '--id', 'tok_1', '-f', 'status=revoked', '--dry-run'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `PUT ${server.url}/api/one-time-tokens/tok_1/status\naccept: application/json\ncontent-type: application/json\nauthorization: Bearer [redacted]\n\n{"status":"revoked"}\n`,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('--dry-run=curl prints a curl command that reads LOGTO_API_KEY, as the CLI does, and runs as is', async () => {
    server.reply(() => ({ body: { ok: true } }));
    const result = await runCli(['one-time-tokens', 'update-one-time-token-status', '--id', 'tok_1', '-f', 'status=revoked', '--dry-run=curl'], { env });
    expect(result.stdout).toContain(`curl -X PUT '${server.url}/api/one-time-tokens/tok_1/status'`);
    expect(result.stdout).toContain('-H "Authorization: Bearer ${LOGTO_API_KEY:-$(logto auth token --surface management)}"');
    expect(result.stdout).not.toContain('token\n');
    // Async: the server answering curl lives in this process.
    const curl = spawn('sh', ['-c', `${result.stdout.trim()} --silent --fail --max-time 5`], { env: { ...process.env, LOGTO_API_KEY: 'from-curl' } });
    expect(await new Promise((resolve) => curl.on('close', resolve))).toBe(0);
    expect(server.requests.at(-1)).toMatchObject({ method: 'PUT', url: '/api/one-time-tokens/tok_1/status', json: { status: 'revoked' } });
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer from-curl');
  });
});

describe('logto batch', () => {
  it('runs every line, keeps input order under concurrency, and reports failures per line', async () => {
    // Later ids answer sooner, so completion order is the reverse of input order.
    server.reply((request) => {
      const id = request.pathname.split('/').pop()!;
      if (id === 't3') return { status: 404, body: { code: 'entity.not_exists_with_id', message: 'No t3.' } };
      return { delay: 200 - Number(id.slice(1)) * 20, body: { id } };
    });
    const lines = ['t1', 't2', 't3', 't4', 't5', 't6'].map((id) => JSON.stringify({ command: 'one-time-tokens get-one-time-token-id', args: { id } }));
    const result = await runCli(['batch', '--concurrency', '4'], { env, stdin: `${lines.join('\n')}\n{"command":"nope nope"}\n` });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Error: 2 of 7 lines failed\n');
    const out = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(out.map((one) => [one.line, one.exit])).toEqual([[1, 0], [2, 0], [3, 1], [4, 0], [5, 0], [6, 0], [7, 2]]);
    expect(out[0]).toEqual({ line: 1, command: 'one-time-tokens get-one-time-token-id', exit: 0, response: { id: 't1' } });
    expect(out[2].error).toMatchObject({ status: 404, code: 'entity.not_exists_with_id', message: 'No t3.' });
    expect(out[6].error.message).toBe('unknown command "nope nope"');
    expect(server.requests).toHaveLength(6);
  });

  it('sends bodies and honours --yes for destructive lines', async () => {
    server.reply(() => ({ status: 204 }));
    const stdin = [
      JSON.stringify({ command: 'one-time-tokens update-one-time-token-status', args: { id: 't1' }, body: { status: 'revoked' } }),
      JSON.stringify({ command: 'one-time-tokens delete-one-time-token-id', args: { id: 't2' } }),
    ].join('\n');
    const refused = await runCli(['batch'], { env, stdin });
    expect(refused.stdout.split('\n')[1]).toContain('"exit":2');
    server.requests.length = 0;
    const result = await runCli(['batch', '--yes'], { env, stdin });
    expect(result.code).toBe(0);
    expect(server.requests.map((request) => [request.method, request.url, request.json])).toEqual([
      ['PUT', '/api/one-time-tokens/t1/status', { status: 'revoked' }],
      ['DELETE', '/api/one-time-tokens/t2', undefined],
    ]);
  });
});

describe('logto api', () => {
  it('calls any path with the credential for it, extra headers and a body', async () => {
    server.reply(() => ({ body: { ok: true } }));
    const result = await runCli(['api', 'post', '/api/users?notify=false', '-H', 'X-Trace: abc', '-f', 'username=bob', '-F', 'customData={"plan":"pro"}'], { env });
    expect(result).toEqual({ code: 0, stdout: '{"ok":true}\n', stderr: '' });
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/api/users?notify=false', json: { username: 'bob', customData: { plan: 'pro' } } });
    expect(server.requests[0].headers).toMatchObject({ 'x-trace': 'abc', authorization: 'Bearer token' });
  });

  it('pages with --all and applies --query to the whole result', async () => {
    const result = await runCli(['api', 'GET', '/api/one-time-tokens', '--all', '--query', '[-1].id'], { env });
    expect(result.stdout).toBe('"t250"\n');
  });

  it('needs a started interaction for /api/experience paths', async () => {
    const result = await runCli(['api', 'GET', '/api/experience/interaction'], { env });
    expect(result.code).toBe(3);
    expect(server.requests).toHaveLength(0);
  });
});

describe('completion', () => {
  it('completes surfaces, commands and flags in bash', () => {
    const bin = mkdtempSync(join(tmpdir(), 'logto-bin-'));
    mkdirSync(bin, { recursive: true });
    symlinkSync(BIN, join(bin, 'logto'));
    const complete = (words: string) =>
      spawnSync('bash', ['-c', `eval "$(logto completion bash)"; COMP_WORDS=(logto ${words}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _logto; printf '%s\\n' "\${COMPREPLY[@]}"`], {
        env: { ...cleanEnv(), PATH: `${bin}:${process.env.PATH}` },
        encoding: 'utf8',
      }).stdout.trim().split('\n');
    expect(complete('one-time')).toEqual(['one-time-tokens']);
    expect(complete('my-account revoke-')).toEqual(['revoke-grant-id', 'revoke-session-id']);
    expect(complete('one-time-tokens get-one-time-tokens --page')).toEqual(['--page', '--page-size']);
    expect(complete('auth lo')).toEqual(['login', 'logout']);
  });
});

describe('Ctrl-C', () => {
  it('exits 130 promptly mid-stream and leaves only whole NDJSON lines', async () => {
    server.reply((request) => ({ ...pageOf(request, TOKENS), delay: Number(request.query.page) > 1 ? 5000 : 0 }));
    const child = spawn(process.execPath, [BIN, 'one-time-tokens', 'get-one-time-tokens', '--all', '-o', 'ndjson', '--page-size', '10'], { env: cleanEnv(env) });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.split('\n').length > 10) child.kill('SIGINT');
    });
    const started = Date.now();
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(stdout.endsWith('\n')).toBe(true);
    expect(stdout.trim().split('\n').map((line) => JSON.parse(line).id)).toEqual(TOKENS.slice(0, 10).map((token) => token.id));
  });
});
