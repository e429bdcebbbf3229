// `logto mcp serve` through the SDK's own client, against a loopback server standing in for Logto.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SpecIndex } from '../src/catalog/record';
import { BIN, cleanEnv, ROOT, runCli } from './helpers/cli';
import { startServer, type TestServer } from './helpers/server';

const TOKEN = 'mcp-SECRET-token-5c2';
const index = JSON.parse(readFileSync(join(ROOT, 'dist', 'spec-index.json'), 'utf8')) as SpecIndex;
const operations = index.surfaces.flatMap((surface) => surface.operations.map((operation) => ({ surface: surface.name, operation })));

let server: TestServer;
let env: Record<string, string>;

async function connect(extra: string[] = []): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', 'serve', ...extra], env, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk) => (stderr += chunk));
  const client = new Client({ name: 'logto-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

const text = (result: unknown) => (result as { content: { text: string }[] }).content[0].text;

beforeAll(async () => {
  server = await startServer();
  env = cleanEnv({ LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: TOKEN });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.reply((recorded) =>
    recorded.pathname === '/api/one-time-tokens/missing'
      ? { status: 404, body: { code: 'entity.not_exists_with_id', message: 'The entity with ID missing does not exist.' } }
      : { body: { ok: true, path: recorded.pathname } },
  );
});

describe('over stdio', () => {
  let client: Client;
  let stderr: () => string;
  beforeAll(async () => {
    ({ client, stderr } = await connect());
  });
  afterAll(() => client.close());

  it('lists one tool per loaded operation, with the spec hints as annotations', async () => {
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(operations.length);
    expect(operations.length).toBe(71);
    const shared = operations.filter(({ operation }) => operations.filter((other) => other.operation.command === operation.command).length > 1);
    for (const { surface, operation } of operations) {
      const name = shared.some((one) => one.operation === operation) ? `${surface}_${operation.command}` : operation.command;
      const tool = tools.find((one) => one.name === name);
      expect(tool, name).toBeDefined();
      expect(tool!.annotations).toMatchObject({ readOnlyHint: operation.hints.readOnly, destructiveHint: operation.hints.destructive, idempotentHint: operation.hints.idempotent });
    }
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['experience_verify-one-time-token', 'one-time-tokens_verify-one-time-token', 'my-account_generate-backup-codes']));
    const revoke = tools.find((tool) => tool.name === 'revoke-grant-id')!;
    // The verification record id may be left out: the record kept by `logto auth verify` is used.
    expect(revoke.inputSchema.required).toEqual(['grant-id']);
    expect((revoke.inputSchema.properties as Record<string, { description: string }>)['verification-id'].description).toContain('kept by `logto auth verify`');
    const create = tools.find((tool) => tool.name === 'create-one-time-token')!;
    expect(create.inputSchema.required).toEqual(['body']);
  });

  it('calls a read-only tool: query parameters reach the server, the JSON comes back', async () => {
    const result = await client.callTool({ name: 'get-one-time-tokens', arguments: { email: 'a@b.co', page: 2, 'page-size': 5 } });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(text(result))).toEqual({ ok: true, path: '/api/one-time-tokens' });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', pathname: '/api/one-time-tokens', query: { email: 'a@b.co', page: '2', page_size: '5' }, body: '' });
    expect(server.requests[0].headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, accept: 'application/json' });
    expect(server.requests[0].headers['content-type']).toBeUndefined();
  });

  it('calls a body-carrying tool with a percent-encoded path value', async () => {
    const result = await client.callTool({ name: 'update-one-time-token-status', arguments: { id: 'a/b', body: { status: 'revoked' } } });
    expect(result.isError).toBeFalsy();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'PUT', url: '/api/one-time-tokens/a%2Fb/status', body: '{"status":"revoked"}' });
    expect(server.requests[0].headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' });
  });

  it("turns an HTTP 4xx into an error result with Logto's code and message", async () => {
    const result = await client.callTool({ name: 'get-one-time-token-id', arguments: { id: 'missing' } });
    expect(result.isError).toBe(true);
    expect(text(result)).toBe('HTTP 404 Not Found: entity.not_exists_with_id: The entity with ID missing does not exist.');
  });

  it('answers a malformed call with an error result and keeps serving', async () => {
    const bad = await client.callTool({ name: 'get-one-time-tokens', arguments: { page: 'two', bogus: 1 } });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toBe('invalid arguments for get-one-time-tokens: unknown argument bogus; page must be an integer');
    const missing = await client.callTool({ name: 'revoke-grant-id', arguments: {} });
    expect(text(missing)).toBe('invalid arguments for revoke-grant-id: missing required argument grant-id');
    // No record given and none kept: the call says what to run, and nothing is sent.
    const unverified = await client.callTool({ name: 'revoke-grant-id', arguments: { 'grant-id': 'g1' } });
    expect(unverified.isError).toBe(true);
    expect(text(unverified)).toMatch(/^this operation needs a verification record: run logto auth verify --password-stdin first/);
    const empty = await client.callTool({ name: 'delete-one-time-token-id', arguments: { id: '' } });
    expect(empty.isError).toBe(true);
    expect(text(empty)).toBe('invalid arguments for delete-one-time-token-id: id must not be empty');
    const noBody = await client.callTool({ name: 'create-one-time-token', arguments: {} });
    expect(text(noBody)).toBe('invalid arguments for create-one-time-token: missing required argument body');
    expect(server.requests).toHaveLength(0);
    const good = await client.callTool({ name: 'get-one-time-token-id', arguments: { id: 't1' } });
    expect(good.isError).toBeFalsy();
  });

  it('never shows the token in a result or on stderr', async () => {
    const results = [
      await client.callTool({ name: 'get-one-time-token-id', arguments: { id: 't1' } }),
      await client.callTool({ name: 'get-one-time-token-id', arguments: { id: 'missing' } }),
    ];
    for (const result of results) expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(stderr()).not.toContain(TOKEN);
    expect(stderr()).toContain('logto mcp: serving 71 tools on stdio');
  });

  it('adds little latency over the direct HTTP request (median of 200 calls)', async () => {
    const direct: number[] = [];
    const viaMcp: number[] = [];
    for (let i = 0; i < 200; i++) {
      let started = performance.now();
      const response = await request(`${server.url}/api/one-time-tokens/t1`, { headers: { authorization: `Bearer ${TOKEN}` } });
      await response.body.json();
      direct.push(performance.now() - started);
      started = performance.now();
      await client.callTool({ name: 'get-one-time-token-id', arguments: { id: 't1' } });
      viaMcp.push(performance.now() - started);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
    const added = median(viaMcp) - median(direct);
    console.log(`mcp tool call: median ${median(viaMcp).toFixed(2)} ms, direct HTTP ${median(direct).toFixed(2)} ms, added ${added.toFixed(2)} ms`);
    expect(added).toBeLessThan(25);
  });
});

describe('a client that writes its requests and closes stdin', () => {
  it('gets every answer before the server exits, a slow one included', async () => {
    server.reply(() => ({ delay: 700, body: { id: 't1', slow: true } }));
    const lines = [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'piped', version: '1' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get-one-time-token-id', arguments: { id: 't1' } } },
      { jsonrpc: '2.0', id: 3, method: 'tools/list' },
    ];
    const served = await runCli(['mcp', 'serve'], { env: { LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: TOKEN }, stdin: lines.map((line) => `${JSON.stringify(line)}\n`).join('') });
    expect(served.code).toBe(0);
    const answers = served.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: number; result: Record<string, unknown> });
    expect(answers.map((answer) => answer.id).sort()).toEqual([1, 2, 3]);
    expect(JSON.parse(text(answers.find((answer) => answer.id === 2)!.result))).toEqual({ id: 't1', slow: true });
    expect(server.requests).toHaveLength(1);
  });
});

describe('filters', () => {
  it('--read-only hides every tool that is not read-only', async () => {
    const { client } = await connect(['--read-only']);
    const { tools } = await client.listTools();
    expect(tools.length).toBe(operations.filter(({ operation }) => operation.hints.readOnly).length);
    expect(tools.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
    const hidden = await client.callTool({ name: 'update-one-time-token-status', arguments: { id: 't1', body: {} } });
    expect(hidden.isError).toBe(true);
    expect(server.requests).toHaveLength(0);
    await client.close();
  });

  it('--surface, --allow and --deny narrow the list', async () => {
    const { client } = await connect(['--surface', 'one-time-tokens', '--deny', 'delete-one-time-token-id']);
    const { tools } = await client.listTools();
    // Names are decided over every loaded surface, so a filter never renames a tool.
    expect(tools.map((tool) => tool.name).sort()).toEqual(['create-one-time-token', 'get-one-time-token-id', 'get-one-time-tokens', 'one-time-tokens_verify-one-time-token', 'update-one-time-token-status']);
    await client.close();
    const allowed = await connect(['--allow', 'get-profile,get-one-time-tokens']);
    expect((await allowed.client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(['get-one-time-tokens', 'get-profile']);
    await allowed.client.close();
  });
});

// A user's surface whose tool name collides with a bundled one (my-account's get-profile).
const WIDGETS = `naftiko: 1.0.0-alpha2
info:
  label: Widgets
  description: A surface the user added.
capability:
  consumes:
  - type: http
    namespace: logto-widgets
    baseUri: https://[tenant_id].logto.app
    resources:
    - name: api-widgets-id
      path: /api/widgets/{widgetId}
      operations:
      - name: getwidget
        method: GET
        description: Get a widget
        inputParameters:
        - name: verbose_mode
          in: query
          type: boolean
    - name: api-widgets
      path: /api/widgets
      operations:
      - name: createwidget
        method: POST
        description: Create a widget
        inputParameters:
        - name: body
          in: body
          type: object
          required: true
        - name: name
          in: body
          type: string
          required: true
        - name: size
          in: body
          type: integer
    authentication:
      type: bearer
  exposes:
  - type: mcp
    namespace: logto-widgets-mcp
    tools:
    - name: get-profile
      description: Get a widget
      hints:
        readOnly: true
        destructive: false
        idempotent: true
      call: logto-widgets.getwidget
    - name: create-widget
      description: Create a widget
      hints:
        readOnly: false
        destructive: false
        idempotent: false
      call: logto-widgets.createwidget
`;

describe('user specs', () => {
  it('become tools like the bundled ones; a shared name is prefixed by surface on both sides', async () => {
    const userEnv = cleanEnv({ LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: TOKEN });
    mkdirSync(join(userEnv.XDG_DATA_HOME, 'logto', 'specs'), { recursive: true });
    writeFileSync(join(userEnv.XDG_DATA_HOME, 'logto', 'specs', 'widgets.yaml'), WIDGETS);
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', 'serve'], env: userEnv, stderr: 'pipe' });
    const client = new Client({ name: 'logto-test', version: '1.0.0' });
    await client.connect(transport);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(operations.length + 2);
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['my-account_get-profile', 'widgets_get-profile']));
    expect(names).not.toContain('get-profile');
    const widget = tools.find((tool) => tool.name === 'widgets_get-profile')!;
    expect(widget.inputSchema).toMatchObject({ required: ['widget-id'], properties: { 'widget-id': { type: 'string', minLength: 1 }, 'verbose-mode': { type: 'boolean' } } });
    const result = await client.callTool({ name: 'widgets_get-profile', arguments: { 'widget-id': 'w 1', 'verbose-mode': false } });
    expect(result.isError).toBeFalsy();
    expect(server.requests.at(-1)?.url).toBe('/api/widgets/w%201?verbose_mode=false');

    // Typed body fields: properties of their own, or inside `body`; the typed one wins.
    const create = tools.find((tool) => tool.name === 'create-widget')!;
    expect(create.inputSchema).toMatchObject({ required: ['name'], properties: { name: { type: 'string' }, size: { type: 'integer' }, body: { type: 'object' } } });
    await client.callTool({ name: 'create-widget', arguments: { name: 'w', size: 3 } });
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', url: '/api/widgets', json: { name: 'w', size: 3 } });
    await client.callTool({ name: 'create-widget', arguments: { body: { name: 'in-body', colour: 'red' }, name: 'typed' } });
    expect(server.requests.at(-1)?.json).toEqual({ name: 'typed', colour: 'red' });
    expect((await client.callTool({ name: 'create-widget', arguments: { body: { name: 'only-body' } } })).isError).toBeFalsy();
    expect(server.requests.at(-1)?.json).toEqual({ name: 'only-body' });
    const missing = await client.callTool({ name: 'create-widget', arguments: { size: 1 } });
    expect(text(missing)).toBe('invalid arguments for create-widget: missing required argument name');
    await client.close();
  });
});

describe('logto mcp tools', () => {
  it('lists what serve would serve, with hints and surface, under the same filters', async () => {
    const all = await runCli(['mcp', 'tools', '-o', 'json'], { env: { LOGTO_ENDPOINT: server.url } });
    expect(all.code).toBe(0);
    const rows = JSON.parse(all.stdout) as { name: string; surface: string; readOnly: boolean; destructive: boolean; idempotent: boolean; request: string }[];
    expect(rows).toHaveLength(operations.length);
    const { client } = await connect();
    expect(rows.map((row) => row.name)).toEqual((await client.listTools()).tools.map((tool) => tool.name));
    await client.close();
    expect(rows.find((row) => row.name === 'delete-one-time-token-id')).toEqual({
      name: 'delete-one-time-token-id',
      surface: 'one-time-tokens',
      readOnly: false,
      destructive: true,
      idempotent: true,
      request: 'DELETE /api/one-time-tokens/{id}',
    });
    const readOnly = JSON.parse((await runCli(['mcp', 'tools', '--read-only', '-o', 'json'])).stdout) as typeof rows;
    expect(readOnly.map((row) => row.name)).toEqual(rows.filter((row) => row.readOnly).map((row) => row.name));
    const unknown = await runCli(['mcp', 'tools', '--surface', 'nope']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('unknown surface nope');
  });
});

describe('over Streamable HTTP', () => {
  it('serves the same tools on 127.0.0.1', async () => {
    const child = spawn(process.execPath, [BIN, 'mcp', 'serve', '--http', '--port', '0', '--surface', 'one-time-tokens'], { env });
    let stderr = '';
    const url = await new Promise<string>((resolve) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        const found = /on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
        if (found) resolve(found[1]);
      });
    });
    const client = new Client({ name: 'logto-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    expect((await client.listTools()).tools).toHaveLength(6);
    const result = await client.callTool({ name: 'get-one-time-token-id', arguments: { id: 't7' } });
    expect(JSON.parse(text(result))).toEqual({ ok: true, path: '/api/one-time-tokens/t7' });
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const failed = await client.callTool({ name: 'get-one-time-token-id', arguments: { id: 'missing' } });
    expect(failed).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('entity.not_exists_with_id') }] });
    expect(JSON.stringify([result, failed])).not.toContain(TOKEN);
    await client.close();

    // DNS rebinding or a cross-site page: refused before any tool runs.
    const seen = server.requests.length;
    const { port } = new URL(url);
    const list = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get-one-time-token-id', arguments: { id: 't8' } } });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    for (const extra of [{ host: `evil.example:${port}` }, { origin: 'http://evil.example' }, { origin: 'null' }]) {
      const refused = await request(url, { method: 'POST', headers: { ...headers, ...extra }, body: list });
      expect(refused.statusCode, JSON.stringify(extra)).toBe(403);
      await refused.body.text();
    }
    const local = await request(url, { method: 'POST', headers: { ...headers, origin: `http://localhost:${port}` }, body: list });
    expect(local.statusCode).toBe(200);
    await local.body.text();
    expect(server.requests.length).toBe(seen + 1);
    // Ctrl-C is how a server is stopped: a clean exit.
    child.kill('SIGINT');
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
    expect(stderr).toMatch(/refused a request with Host "evil\.example:\d+"/);
    expect(stderr).not.toContain(TOKEN);
  });
});
