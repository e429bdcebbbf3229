// Issue 10, items 8 and 13: `mcp serve` survives an oversized or malformed stdio message,
// bounds what HTTP clients hold open, and reads only files inside --allow-files DIR.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect as tcpConnect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, ROOT, runCli } from './helpers/cli';
import { startServer, type TestServer } from './helpers/server';

const TOKEN = 'mcp-limits-token';

/** Polls until `check` holds; fails after the deadline instead of hanging. */
async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  for (const deadline = Date.now() + ms; !check(); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `mcp serve` speaking raw newline-delimited JSON-RPC on stdio. */
function stdioServer(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, 'mcp', 'serve', ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] }) as ChildProcessWithoutNullStreams;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const answers = () => stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { id: unknown; result?: Record<string, unknown>; error?: { code: number; message: string } });
  const answer = async (id: unknown) => {
    await until(() => answers().some((one) => one.id === id), `the answer to ${JSON.stringify(id)}`, 30_000);
    return answers().find((one) => one.id === id)!;
  };
  const send = (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`);
  const call = async (id: number, name: string, args: unknown) => {
    send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });
    return (await answer(id)).result as { isError?: boolean; content: { text: string }[] };
  };
  const initialize = async () => {
    send({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } });
    await answer(0);
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  };
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, send, answer, answers, call, initialize, exit, stderr: () => stderr };
}

let upstream: TestServer;
let env: Record<string, string>;
beforeAll(async () => {
  upstream = await startServer();
  env = cleanEnv({ LOGTO_ENDPOINT: upstream.url, LOGTO_API_KEY: TOKEN });
});
afterAll(() => upstream.close());

describe('mcp serve over stdio', () => {
  it('answers a message over 10 MB with a JSON-RPC error carrying its id, and keeps serving', async () => {
    const mcp = stdioServer(['--surface', 'one-time-tokens'], env);
    await mcp.initialize();
    // Written in pieces, as a pipe delivers it.
    const huge = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'create-one-time-token', arguments: { body: { email: 'x'.repeat(11 * 1024 * 1024) } } } });
    for (let at = 0; at < huge.length; at += 1 << 20) mcp.child.stdin.write(huge.slice(at, at + (1 << 20)));
    mcp.child.stdin.write('\n');
    expect((await mcp.answer(7)).error).toEqual({ code: -32600, message: `message of ${huge.length} bytes refused: the limit is 10485760 bytes` });
    // Not JSON, and JSON that is not JSON-RPC: answered too, with id null or the message's id.
    mcp.child.stdin.write('{"jsonrpc":"2.0","id":8,\n');
    mcp.send({ id: 9, hello: 'world' });
    await until(() => mcp.answers().length >= 4, 'two more answers');
    expect(mcp.answers().slice(2).map((one) => [one.id, one.error?.code])).toEqual([[null, -32700], [9, -32600]]);
    const listed = await (mcp.send({ jsonrpc: '2.0', id: 10, method: 'tools/list' }), mcp.answer(10));
    expect((listed.result as { tools: unknown[] }).tools).toHaveLength(6);
    const called = await mcp.call(11, 'get-one-time-token-id', { id: 't1' });
    expect(called.isError).toBeFalsy();
    expect(upstream.requests.map((request) => request.pathname)).toEqual(['/api/one-time-tokens/t1']);
    expect(mcp.stderr()).toContain(`logto mcp: refused a message of ${huge.length} bytes (the limit is 10485760)`);
    mcp.child.stdin.end();
    expect(await mcp.exit).toBe(0);
  }, 60_000);
});

describe('mcp serve file inputs', () => {
  const fileEnv = cleanEnv({ LOGTO_ENDPOINT: '', LOGTO_API_KEY: TOKEN });
  const allowed = mkdtempSync(join(tmpdir(), 'logto-allowed-'));
  const outside = mkdtempSync(join(tmpdir(), 'logto-outside-'));
  writeFileSync(join(allowed, 'logo.png'), 'PNG-INSIDE');
  mkdirSync(join(allowed, 'sub'));
  writeFileSync(join(allowed, 'sub', 'icon.png'), 'PNG-SUB');
  writeFileSync(join(outside, 'secret.txt'), 'OUTSIDE-SECRET');
  symlinkSync(join(outside, 'secret.txt'), join(allowed, 'escape.png'));
  symlinkSync(outside, join(allowed, 'outdir'));
  symlinkSync(join(allowed, 'logo.png'), join(allowed, 'alias.png'));
  // `escape.png;type=image/png` names a real file inside (the directory `escape.png;type=image`),
  // but the part read is `escape.png`, the link outside: the check must see what is read.
  mkdirSync(join(allowed, 'escape.png;type=image'));
  writeFileSync(join(allowed, 'escape.png;type=image', 'png'), 'DECOY');

  beforeAll(async () => {
    fileEnv.LOGTO_ENDPOINT = upstream.url;
    const synced = await runCli(['specs', 'sync', '--from-file', join(ROOT, '..', 'shared', 'logto-openapi', 'management.json'), '--surface', 'user-assets'], { env: fileEnv });
    expect(synced.code, synced.stderr).toBe(0);
  }, 60_000);

  it('are off without --allow-files: nothing is read or sent', async () => {
    upstream.requests.length = 0;
    const mcp = stdioServer(['--surface', 'user-assets'], fileEnv);
    await mcp.initialize();
    const result = await mcp.call(1, 'create-user-asset', { file: '/etc/passwd' });
    expect(result).toMatchObject({ isError: true, content: [{ text: 'invalid arguments for create-user-asset: file: file inputs are off; start logto mcp serve with --allow-files DIR to allow files from DIR' }] });
    expect(upstream.requests).toHaveLength(0);
    mcp.child.stdin.end();
    expect(await mcp.exit).toBe(0);
  }, 60_000);

  it('with --allow-files DIR, read only regular files whose real path is inside DIR', async () => {
    upstream.requests.length = 0;
    const mcp = stdioServer(['--surface', 'user-assets', '--allow-files', allowed], fileEnv);
    await mcp.initialize();
    const cases: [string, string | RegExp][] = [
      ['logo.png', 'PNG-INSIDE'],
      [join(allowed, 'sub', 'icon.png'), 'PNG-SUB'],
      ['alias.png', 'PNG-INSIDE'],
      ['/etc/passwd', /"\/etc\/passwd" is outside the allowed directory$/],
      ['../' + outside.split('/').pop() + '/secret.txt', /the path must not contain \.\.$/],
      ['sub/../logo.png', /the path must not contain \.\.$/],
      ['escape.png', /"escape.png" is outside the allowed directory$/],
      ['escape.png;type=image/png', /"escape.png" is outside the allowed directory$/],
      ['outdir/secret.txt', /"outdir\/secret.txt" is outside the allowed directory$/],
      [join(outside, 'secret.txt'), /is outside the allowed directory$/],
      ['sub', /not a regular file$/],
      ['missing.png', /no such file in the allowed directory$/],
    ];
    let id = 1;
    for (const [file, expected] of cases) {
      const result = await mcp.call(id++, 'create-user-asset', { file });
      if (typeof expected === 'string') {
        expect(result.isError, `${file}: ${result.content[0].text}`).toBeFalsy();
        expect(upstream.requests.at(-1)?.body).toContain(expected);
      } else {
        expect(result.isError, file).toBe(true);
        expect(result.content[0].text).toMatch(expected);
      }
    }
    expect(upstream.requests).toHaveLength(3);
    expect(upstream.requests.some((request) => request.body.includes('OUTSIDE-SECRET') || request.body.includes('root:'))).toBe(false);
    mcp.child.stdin.end();
    expect(await mcp.exit).toBe(0);
  }, 60_000);

  it('refuses an --allow-files that is not a directory', async () => {
    const missing = await runCli(['mcp', 'serve', '--allow-files', join(outside, 'nope')], { env: fileEnv });
    expect(missing).toMatchObject({ code: 2, stdout: '', stderr: `Error: --allow-files ${join(outside, 'nope')}: no such directory\n` });
    const file = await runCli(['mcp', 'serve', '--allow-files', join(outside, 'secret.txt')], { env: fileEnv });
    expect(file).toMatchObject({ code: 2, stderr: `Error: --allow-files ${join(outside, 'secret.txt')}: not a directory\n` });
  });
});

/** `mcp serve --http`, with its URL and a way to count its open file descriptors. */
async function httpServer(extra: string[], serveEnv: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, 'mcp', 'serve', '--http', '--port', '0', '--surface', 'one-time-tokens', ...extra], { cwd: ROOT, env: serveEnv });
  let stderr = '';
  const url = await new Promise<URL>((resolve) => {
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const found = /on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
      if (found) resolve(new URL(found[1]));
    });
  });
  const fds = () => readdirSync(`/proc/${child.pid}/fd`).length;
  const stop = async () => {
    child.kill('SIGINT');
    return new Promise((resolve) => child.on('close', resolve));
  };
  return { url, fds, stop, stderr: () => stderr };
}

interface Answer {
  status: number;
  body: string;
}

/** One HTTP request from a given loopback address (127.0.0.0/8 is all loopback: each address is a client). */
function send(url: URL, method: string, from: string, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: url.port,
        path: url.pathname,
        method,
        localAddress: from,
        agent: false,
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      },
      (res: IncomingMessage) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const toolCall = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'get-one-time-token-id', arguments: { id: `t${id}` } } });

describe('mcp serve --http', () => {
  it('bounds open requests per client (429) and in total (503), and serves again once they finish', async () => {
    // A Logto stand-in that holds every request until released.
    const held: ServerResponse[] = [];
    const gate = createServer((req, res) => {
      req.resume();
      req.on('end', () => held.push(res));
    });
    await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
    const gateUrl = `http://127.0.0.1:${(gate.address() as AddressInfo).port}`;
    const mcp = await httpServer(['--retries', '0'], cleanEnv({ LOGTO_ENDPOINT: gateUrl, LOGTO_API_KEY: TOKEN }));

    const first = Array.from({ length: 16 }, (_, i) => send(mcp.url, 'POST', '127.0.0.1', toolCall(i)));
    await until(() => held.length === 16, '16 held calls from one client');
    expect(await send(mcp.url, 'POST', '127.0.0.1', toolCall(100))).toMatchObject({ status: 429, body: expect.stringContaining('too many open requests from 127.0.0.1 (at most 16)') });
    const others = ['127.0.0.2', '127.0.0.3', '127.0.0.4'].flatMap((from, n) => Array.from({ length: 16 }, (_, i) => send(mcp.url, 'POST', from, toolCall(200 + n * 16 + i))));
    await until(() => held.length === 64, '64 held calls in all');
    expect(await send(mcp.url, 'POST', '127.0.0.5', toolCall(300))).toMatchObject({ status: 503, body: expect.stringContaining('too many open requests (at most 64)') });
    expect(held).toHaveLength(64);

    for (const res of held.splice(0)) res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    const answers = await Promise.all([...first, ...others]);
    expect(answers.map((answer) => answer.status)).toEqual(new Array(64).fill(200));
    // Slots are given back: the refused client is served now.
    const again = send(mcp.url, 'POST', '127.0.0.5', toolCall(301));
    await until(() => held.length === 1, 'the call after release');
    held[0].writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    expect((await again).status).toBe(200);
    expect(await mcp.stop()).toBe(0);
    gate.close();
  }, 60_000);

  it('answers GET with 405 at once, caps connections, and closes silent ones after --idle-timeout', async () => {
    const mcp = await httpServer(['--idle-timeout', '1'], env);
    const baseline = mcp.fds();
    // The sweep held 3,000 SSE streams this way; now each GET is answered and closed.
    const gets: Answer[] = [];
    for (let batch = 0; batch < 10; batch++) gets.push(...(await Promise.all(Array.from({ length: 100 }, () => send(mcp.url, 'GET', '127.0.0.1')))));
    expect(gets).toHaveLength(1000);
    expect(new Set(gets.map((get) => get.status))).toEqual(new Set([405]));
    expect(gets[0].body).toContain('Method not allowed');
    await until(() => mcp.fds() <= baseline + 2, 'descriptors back to the baseline');

    // Connections that never send a byte: at most 128 are kept, and none past the idle timeout.
    const sockets: Socket[] = [];
    let closedByServer = 0;
    for (let i = 0; i < 200; i++) {
      const socket = tcpConnect({ host: '127.0.0.1', port: Number(mcp.url.port) });
      socket.on('error', () => {});
      socket.on('close', () => (closedByServer += 1));
      sockets.push(socket);
    }
    await until(() => closedByServer >= 72, 'connections past the cap dropped');
    expect(mcp.fds()).toBeLessThanOrEqual(baseline + 128 + 2);
    await until(() => closedByServer === 200, 'silent connections closed by the idle timeout');
    await until(() => mcp.fds() <= baseline + 2, 'descriptors back to the baseline');
    expect(await mcp.stop()).toBe(0);
  }, 60_000);
});
