// Hostile servers on 127.0.0.1: every fault of issue 10's sweep that a server can cause
// (resets, silence, trickles, broken or compressed bodies, redirects, Retry-After games,
// paging that lies or loops, huge bodies and messages, terminal escapes), and the inputs
// that must be refused before anything is sent.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli, runInTerminal } from './helpers/cli';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

interface Hostile {
  url: string;
  seen: string[];
  handle(handler: Handler): void;
  close(): Promise<void>;
}

async function hostile(): Promise<Hostile> {
  const seen: string[] = [];
  let handler: Handler = (_req, res) => res.end();
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    handler(req, res, new URL(req.url ?? '/', 'http://127.0.0.1'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    handle: (next) => void (handler = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let server: Hostile;
let other: Hostile;
let env: Record<string, string>;
const json = { 'content-type': 'application/json' };
const get = (path: string, ...args: string[]) => runCli(['api', 'GET', path, ...args], { env });
const oneLine = (stderr: string) => expect(stderr.trimEnd().split('\n')).toHaveLength(1);

beforeAll(async () => {
  [server, other] = await Promise.all([hostile(), hostile()]);
  env = { LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: 'token' };
});
afterAll(() => Promise.all([server.close(), other.close()]));
beforeEach(() => {
  server.seen.length = 0;
  other.seen.length = 0;
});

describe('connections that fail', () => {
  it('a reset is retried for a GET, then exit 4 with one line', async () => {
    server.handle((req) => req.socket.destroy());
    const result = await get('/api/users', '--retries', '1');
    expect(result).toMatchObject({ code: 4, stdout: '' });
    expect(result.stderr).toMatch(/^Error: cannot reach http:\/\/127\.0\.0\.1:\d+: (connection reset by the server|connection closed by the server)/);
    oneLine(result.stderr);
    expect(server.seen).toHaveLength(2);
  });

  it('a server that never answers, or trickles its body a byte at a time, times out at --timeout', async () => {
    server.handle(() => undefined);
    let started = Date.now();
    const silent = await get('/api/users', '--timeout', '0.5', '--retries', '0');
    expect(silent).toMatchObject({ code: 4, stdout: '', stderr: `Error: request timed out after 0.5s: GET ${server.url}/api/users\n` });
    expect(Date.now() - started).toBeLessThan(5000);

    server.handle((_req, res) => {
      res.writeHead(200, json);
      res.write('[');
      const timer = setInterval(() => (res.writableEnded || res.destroyed ? clearInterval(timer) : res.write(' ')), 50);
      res.on('close', () => clearInterval(timer));
    });
    started = Date.now();
    const trickle = await get('/api/users', '--timeout', '1', '--retries', '0');
    expect(trickle).toMatchObject({ code: 4, stdout: '' });
    expect(trickle.stderr).toMatch(/^Error: request timed out after 1s/);
    expect(Date.now() - started).toBeLessThan(6000);
  });
});

describe('bodies that are not what they claim', () => {
  it('truncated or invalid JSON sent as application/json is exit 1 with a clear message, nothing on stdout', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, json);
      res.end('{"id":"t1","name":');
    });
    const truncated = await get('/api/users/t1', '-q', 'id');
    expect(truncated).toMatchObject({ code: 1, stdout: '' });
    expect(truncated.stderr).toMatch(/^Error: the server's response \(HTTP 200, application\/json\) is not valid JSON: /);
    oneLine(truncated.stderr);

    server.handle((_req, res) => res.writeHead(200, json).end('<html>sign in</html>'));
    expect(await get('/api/users')).toMatchObject({ code: 1, stdout: '' });
    // A streamed array that breaks off: the same failure, and no half document as if it were complete.
    server.handle((_req, res) => res.writeHead(200, json).end('[{"id":1},{"id":2},{"id"'));
    const cut = await get('/api/users', '-o', 'ndjson');
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/not valid JSON: Unexpected end of JSON input \(after 2 complete array elements\)/);
  });

  it('gzip and br bodies are decoded; an unknown encoding is exit 1', async () => {
    const body = JSON.stringify([{ id: 'é1' }, { id: 'ü2' }]);
    for (const [encoding, bytes] of [['gzip', gzipSync(body)], ['br', brotliCompressSync(body)]] as const) {
      server.handle((_req, res) => res.writeHead(200, { ...json, 'content-encoding': encoding }).end(bytes));
      expect(await get('/api/users')).toMatchObject({ code: 0, stdout: `${body}\n`, stderr: '' });
    }
    server.handle((_req, res) => res.writeHead(200, { ...json, 'content-encoding': 'compress' }).end('xx'));
    const unknown = await get('/api/users');
    expect(unknown).toMatchObject({ code: 1, stdout: '', stderr: 'Error: the server answered with an unsupported Content-Encoding "compress"\n' });
    server.handle((_req, res) => res.writeHead(200, { ...json, 'content-encoding': 'gzip' }).end('not gzip at all'));
    expect(await get('/api/users')).toMatchObject({ code: 1, stdout: '' });
    // We never ask for compression.
    server.handle((req, res) => res.writeHead(200, json).end(JSON.stringify(req.headers['accept-encoding'] ?? null)));
    expect((await get('/api/users')).stdout).toBe('null\n');
  });

  it('a redirect is never followed, across origins or not: exit 1 naming the Location, secrets in it redacted', async () => {
    server.handle((_req, res) => res.writeHead(302, { location: '/api/elsewhere?client_secret=CANARY-REDIR&page=2' }).end());
    const same = await get('/api/users', '-q', 'id');
    expect(same).toMatchObject({ code: 1, stdout: '' });
    expect(same.stderr).toBe('Error: HTTP 302 Found: the server redirects to /api/elsewhere?client_secret=[redacted]&page=2; redirects are not followed (check --endpoint)\n');
    for (const status of [307, 308]) {
      server.handle((_req, res) => res.writeHead(status, { location: `${other.url}/api/users` }).end());
      const cross = await runCli(['api', 'DELETE', '/api/users/u1', '--yes'], { env });
      expect(cross.code).toBe(1);
      expect(cross.stderr).toContain(`redirects to ${other.url}/api/users;`);
    }
    expect(other.seen).toEqual([]);
  });
});

describe('Retry-After', () => {
  const busy = (retryAfter: () => string) => {
    let calls = 0;
    server.handle((_req, res) => {
      calls += 1;
      if (calls === 1) return res.writeHead(429, { ...json, 'retry-after': retryAfter() }).end('{"code":"too_many","message":"slow down"}');
      res.writeHead(200, json).end('{"ok":true}');
    });
  };

  it('as seconds and as an HTTP date is waited for, then the request is repeated', async () => {
    busy(() => '1');
    let started = Date.now();
    expect(await get('/api/users')).toMatchObject({ code: 0, stdout: '{"ok":true}\n' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    busy(() => new Date(Date.now() + 2000).toUTCString());
    started = Date.now();
    expect(await get('/api/users')).toMatchObject({ code: 0, stdout: '{"ok":true}\n' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(server.seen).toHaveLength(4);
  });

  it('a huge or infinite value is not waited for: the 429 is reported at once', async () => {
    for (const value of ['99999999', '1e400']) {
      busy(() => value);
      server.seen.length = 0;
      const started = Date.now();
      const result = await get('/api/users');
      expect(result).toMatchObject({ code: 1, stdout: '', stderr: 'Error: HTTP 429 Too Many Requests: too_many: slow down\n' });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(server.seen).toHaveLength(1);
    }
  });

  it('many retries, alone or in a batch, leak no abort listeners (no MaxListenersExceededWarning)', async () => {
    server.handle((_req, res) => res.writeHead(503, { ...json, 'retry-after': '0' }).end('{"code":"down","message":"down"}'));
    const alone = await get('/api/users', '--retries', '15');
    expect(alone.code).toBe(1);
    expect(alone.stderr).toBe('Error: HTTP 503 Service Unavailable: down: down\n');
    expect(server.seen).toHaveLength(16);
    const lines = Array.from({ length: 6 }, (_, i) => JSON.stringify({ command: 'one-time-tokens get-one-time-token-id', args: { id: `t${i}` } })).join('\n');
    const batch = await runCli(['batch', '--retries', '5'], { env, stdin: lines });
    expect(batch.stderr).not.toMatch(/MaxListeners|Warning/);
    expect(batch.stdout.trim().split('\n')).toHaveLength(6);
  });
});

describe('--all against paging that lies or loops', () => {
  const items = Array.from({ length: 250 }, (_, i) => ({ id: `t${i}` }));
  const list = (...args: string[]) => runCli(['one-time-tokens', 'get-one-time-tokens', '--all', ...args], { env });

  it('a server that ignores `page` (and claims a huge total): exit 1 after the repeated page, not an endless loop', async () => {
    server.handle((_req, res) => res.writeHead(200, { ...json, 'total-number': '1000000000' }).end(JSON.stringify(items.slice(0, 100))));
    const result = await list();
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: 'Error: the server sent page 2 identical to page 1: it ignores paging, so --all stops here\n' });
    expect(server.seen).toHaveLength(2);
  });

  it("the hand-written commands' own lists page through the same guards: logs tail against a server that ignores `page`", async () => {
    server.handle((_req, res) => res.writeHead(200, json).end(JSON.stringify(items.slice(0, 100).map((item, i) => ({ ...item, key: 'k', createdAt: i, payload: {} })))));
    const tail = await runCli(['logs', 'tail', '--since', '1h'], { env });
    expect(tail).toMatchObject({ code: 1, stdout: '', stderr: 'Error: the server sent page 2 identical to page 1: it ignores paging, so listing /api/logs stops here\n' });
    expect(server.seen).toHaveLength(2);
  });

  it('a server that never runs out of pages is stopped at the page cap (LOGTO_MAX_PAGES, default 10,000) with a clear error', async () => {
    server.handle((_req, res, url) => res.writeHead(200, json).end(`[{"id":${url.searchParams.get('page')}}]`));
    const result = await runCli(['one-time-tokens', 'get-one-time-tokens', '--all', '--page-size', '1', '-o', 'ndjson', '--page', '3'], { env: { ...env, LOGTO_MAX_PAGES: '200' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error: --all stopped after 200 pages (200 items) and the server still had more; narrow the query, use --limit, raise LOGTO_MAX_PAGES, or continue with --page 203\n',
    );
    expect(server.seen).toHaveLength(200);
    // Every page fetched was written, in order, and nothing else.
    expect(result.stdout).toBe(Array.from({ length: 200 }, (_, i) => `{"id":${i + 3}}\n`).join(''));
    const bad = await runCli(['one-time-tokens', 'get-one-time-tokens', '--all'], { env: { ...env, LOGTO_MAX_PAGES: '0' } });
    expect(bad).toMatchObject({ code: 2, stderr: 'Error: LOGTO_MAX_PAGES expects a whole number of at least 1, got "0"\n' });
  });

  it('stops on a short or empty page whatever Total-Number claims; keeps going past a capped total', async () => {
    const paged = (headers: Record<string, string>) =>
      server.handle((_req, res, url) => {
        const page = Number(url.searchParams.get('page'));
        const size = Number(url.searchParams.get('page_size'));
        res.writeHead(200, { ...json, ...headers }).end(JSON.stringify(items.slice((page - 1) * size, page * size)));
      });
    paged({ 'total-number': '999999' });
    expect(JSON.parse((await list()).stdout)).toHaveLength(250);
    expect(server.seen).toHaveLength(3);

    // GET /api/logs?enableCap=true: the total stops at the cap, the list does not.
    server.seen.length = 0;
    paged({ 'total-number': '100', 'total-number-is-capped': 'true' });
    expect(JSON.parse((await list()).stdout)).toHaveLength(250);
    server.seen.length = 0;
    paged({ 'total-number': '100' });
    expect(JSON.parse((await list()).stdout)).toHaveLength(100);
    expect(server.seen).toHaveLength(1);

    server.seen.length = 0;
    paged({});
    expect(JSON.parse((await list('--page-size', '50')).stdout)).toHaveLength(250);
    expect(server.seen).toHaveLength(6);
  });

  it('--page-size 0 is a usage error, before any request', async () => {
    for (const args of [['--all', '--page-size', '0'], ['--page-size', '0']]) {
      const result = await runCli(['one-time-tokens', 'get-one-time-tokens', ...args], { env });
      expect(result).toMatchObject({ code: 2, stdout: '', stderr: 'Error: --page-size must be at least 1, got 0\n' });
    }
    expect(server.seen).toEqual([]);
  });
});

describe('large responses', () => {
  it('a 200 MB JSON array is streamed out unchanged, with bounded memory', async () => {
    const record = JSON.stringify({ id: 'u_0000000', username: 'user', primaryEmail: 'user@example.com', customData: { note: 'y'.repeat(120) } });
    const count = Math.ceil((200 * 2 ** 20) / (record.length + 1));
    // '[' + record,record,… + ']' built in place: no 200 MB string in the test process.
    const body = Buffer.alloc(1 + count * (record.length + 1)).fill(`${record},`, 1);
    body[0] = 0x5b;
    body[body.length - 1] = 0x5d;
    const expected = createHash('sha256').update(body).update('\n').digest('hex');
    server.handle((_req, res) => res.writeHead(200, json).end(body));

    const child = spawn(process.execPath, [BIN, 'api', 'GET', '/api/users'], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    const hash = createHash('sha256');
    let stderr = '';
    let peakKb = 0;
    child.stdout.on('data', (chunk) => hash.update(chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const poll = setInterval(() => {
      try {
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
      } catch {
        // Exited between two polls.
      }
    }, 20);
    const code = await new Promise((resolve) => child.on('close', resolve));
    clearInterval(poll);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(hash.digest('hex')).toBe(expected);
    // Without streaming this peaked at 1.35 GB; the body alone is 200 MB.
    expect(peakKb / 1024).toBeLessThan(200);
  }, 120_000);

  it('a 5 MB error message is cut to about 2 KB on stderr, saying how much was left out', async () => {
    const message = `${'m'.repeat(5 * 2 ** 20)}`;
    server.handle((_req, res) => res.writeHead(400, json).end(JSON.stringify({ code: 'huge', message })));
    const result = await get('/api/users');
    expect(result.code).toBe(1);
    expect(result.stderr.length).toBeLessThan(2200);
    expect(result.stderr).toMatch(/m… \d+ more bytes\n$/);
    oneLine(result.stderr);
    const asJson = await get('/api/users', '-o', 'json');
    expect(asJson.stderr.length).toBeLessThan(4500);
  });
});

describe('terminal escapes from the server', () => {
  const hostileText = 'evil\u001b]0;pwned\u0007\u001b[2J\rline';

  it('are escaped in error lines, tables and TSV; JSON output stays exact', async () => {
    server.handle((_req, res) => res.writeHead(400, json).end(JSON.stringify({ code: 'bad', message: hostileText })));
    const error = await get('/api/users');
    expect(error.stderr).toBe('Error: HTTP 400 Bad Request: bad: evil\\x1b]0;pwned\\x07\\x1b[2J\\rline\n');

    const rows = [{ id: 't1', name: hostileText }];
    server.handle((_req, res) => res.writeHead(200, json).end(JSON.stringify(rows)));
    const table = await runInTerminal(['api', 'GET', '/api/users'], { env: { ...env, NO_COLOR: '1' } });
    expect(table.stdout).not.toContain('\u001b');
    expect(table.stdout).toContain('evil\\x1b]0;pwned\\x07\\x1b[2J\\rline');
    expect((await get('/api/users', '-o', 'tsv')).stdout).toBe('t1\tevil\\x1b]0;pwned\\x07\\x1b[2J\\rline\n');
    const exact = await get('/api/users');
    expect(JSON.parse(exact.stdout)).toEqual(rows);
  });
});

describe('inputs that cannot be sent are usage errors (exit 2, one line, nothing sent)', () => {
  const refuse = async (args: string[], message: RegExp) => {
    const result = await runCli(args, { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    oneLine(result.stderr);
  };

  it('non-ASCII and non-printable header values', async () => {
    await refuse(['api', 'GET', '/api/users', '-H', 'X-Name: café'], /^Error: header X-Name must be printable ASCII; it contains "é" at position 4\n$/);
    await refuse(['api', 'GET', '/api/users', '-H', 'X-Name: a\u0007b'], /^Error: header X-Name must be printable ASCII/);
    // The credential joins the headers late; it is checked all the same, without being shown.
    for (const [token, shown] of [['café', '"é"'], ['tok\u0001en', '"\\u0001"']]) {
      const result = await runCli(['one-time-tokens', 'get-one-time-tokens'], { env: { ...env, LOGTO_API_KEY: token } });
      expect(result).toMatchObject({ code: 2, stdout: '', stderr: `Error: the token (--token or LOGTO_API_KEY) must be printable ASCII; it contains ${shown}\n` });
    }
    expect(server.seen).toEqual([]);
  });

  it('--timeout Infinity or past what a timer can hold, and absurd --retries', async () => {
    for (const value of ['Infinity', '3000000', '1e400']) await refuse(['api', 'GET', '/api/users', '--timeout', value], /^Error: --timeout expects a positive number of seconds, at most 2147483/);
    // Hand-written commands check it the same way.
    await refuse(['logs', 'tail', '--timeout', '3000000'], /^Error: --timeout expects a positive number of seconds, at most 2147483/);
    await refuse(['api', 'GET', '/api/users', '--retries', '1000000'], /^Error: --retries expects a whole number and at most 100/);
    expect(server.seen).toEqual([]);
  });

  it('a deeply nested body, from --body or -F, and a body file over the limit', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const dir = mkdtempSync(join(tmpdir(), 'logto-hostile-'));
    writeFileSync(join(dir, 'deep.json'), `{"a":${deep}}`);
    await refuse(['api', 'POST', '/api/users', '--body', `@${join(dir, 'deep.json')}`], /^Error: --body @.* is not valid JSON: nested more than 512 levels deep\n$/);
    await refuse(['api', 'POST', '/api/users', '-F', `a=${deep.slice(0, 4000)}${deep.slice(-4000)}`], /nested more than 512 levels deep/);
    // A sparse 600 MB file: refused from its size, without reading it.
    const big = join(dir, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, 600 * 2 ** 20);
    await refuse(['api', 'POST', '/api/users', '--body', `@${big}`], /^Error: --body file .* is larger than 100 MB\n$/);
    expect(server.seen).toEqual([]);
  });
});
