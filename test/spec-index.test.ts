// The compiled index: current with specs/, validated with useful messages, extended
// by the user's own specs, and the only thing a plain run reads.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSpecDir } from '../src/catalog/compile-dir';
import type { SpecIndex } from '../src/catalog/record';
import { ROOT, runCli } from './helpers/cli';
import { startServer, type TestServer } from './helpers/server';

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
        - name: access_token
          in: query
          type: string
        - name: verbose_mode
          in: query
          type: boolean
    authentication:
      type: bearer
  exposes:
  - type: mcp
    namespace: logto-widgets-mcp
    tools:
    - name: get-widget
      description: Get a widget
      hints:
        readOnly: true
        destructive: false
        idempotent: true
      call: logto-widgets.getwidget
`;

function traceFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'logto-trace-')), 'modules.txt');
}
const PRELOAD = join(ROOT, 'test', 'helpers', 'trace-requires.cjs');
const loadedModules = (file: string) => readFileSync(file, 'utf8').split('\n');

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  server.reply(() => ({ body: { id: 'w1' } }));
});
afterAll(() => server.close());

describe('compiled index', () => {
  it('matches the specs it was built from', () => {
    const built = JSON.parse(readFileSync(join(ROOT, 'dist', 'spec-index.json'), 'utf8')) as SpecIndex;
    const fresh = compileSpecDir(join(ROOT, 'specs'));
    expect(fresh.errors).toEqual([]);
    expect(built.sourcesHash).toBe(fresh.index.sourcesHash);
    expect(built.surfaces).toEqual(fresh.index.surfaces);
  });

  it('names the file, line, YAML path and problem of an invalid spec', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logto-specs-'));
    writeFileSync(join(dir, 'broken.yaml'), WIDGETS.replace('method: GET', 'method: FETCH').replace('type: boolean', 'type: bool'));
    writeFileSync(join(dir, 'clash.yaml'), WIDGETS.replace('verbose_mode', 'access-token').replace('logto-widgets', 'logto-clash').replace('logto-widgets.getwidget', 'logto-clash.getwidget'));
    writeFileSync(join(dir, 'syntax.yaml'), 'naftiko: [unclosed\n');
    const { errors, index } = compileSpecDir(dir);
    expect(errors).toEqual([
      'broken.yaml:15: capability.consumes[0].resources[0].operations[0].method: must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS',
      'broken.yaml:23: capability.consumes[0].resources[0].operations[0].inputParameters[1].type: must be one of string, integer, number, boolean, object, array, file',
      'clash.yaml:14: capability.consumes[0].resources[0].operations[0]: inputs access_token and access-token both become --access-token',
      expect.stringMatching(/^syntax\.yaml:\d+: /),
    ]);
    expect(index.surfaces).toEqual([]);
  });

  it('renames an input that would shadow a global flag by its location', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logto-specs-'));
    writeFileSync(join(dir, 'widgets.yaml'), WIDGETS.replace('access_token', 'output'));
    const { errors, index } = compileSpecDir(dir);
    expect(errors).toEqual([]);
    expect(index.surfaces[0].operations[0].inputs.map((input) => input.flag)).toEqual(['query-output', 'verbose-mode', 'widget-id']);
  });

  it('derives a path input for a placeholder the spec does not list', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logto-specs-'));
    writeFileSync(join(dir, 'widgets.yaml'), WIDGETS);
    const [operation] = compileSpecDir(dir).index.surfaces[0].operations;
    expect(operation.inputs.find((input) => input.in === 'path')).toEqual({ name: 'widgetId', in: 'path', flag: 'widget-id', type: 'string', required: true });
  });
});

describe('user specs in $XDG_DATA_HOME/logto/specs', () => {
  it('become commands by the same path as the bundled ones, compiled once', async () => {
    const data = mkdtempSync(join(tmpdir(), 'logto-data-'));
    mkdirSync(join(data, 'logto', 'specs'), { recursive: true });
    writeFileSync(join(data, 'logto', 'specs', 'widgets.yaml'), WIDGETS);
    const env = { XDG_DATA_HOME: data, LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: 'token', NODE_OPTIONS: `--require ${PRELOAD}` };

    const first = traceFile();
    const result = await runCli(['widgets', 'get-widget', '--widget-id', 'w/1', '--no-verbose-mode'], { env: { ...env, TRACE_REQUIRES_FILE: first } });
    expect(result).toEqual({ code: 0, stdout: '{"id":"w1"}\n', stderr: '' });
    expect(server.requests.at(-1)?.url).toBe('/api/widgets/w%2F1?verbose_mode=false');
    expect(loadedModules(first)).toContain('yaml');

    const second = traceFile();
    const again = await runCli(['widgets', 'get-widget', '--widget-id', 'w1'], { env: { ...env, TRACE_REQUIRES_FILE: second } });
    expect(again.code).toBe(0);
    expect(loadedModules(second)).not.toContain('yaml');

    const bundled = await runCli(['my-account', 'get-profile'], { env });
    expect(bundled.code).toBe(0);
  });

  it('redacts secret-looking query parameters in --verbose', async () => {
    const data = mkdtempSync(join(tmpdir(), 'logto-data-'));
    mkdirSync(join(data, 'logto', 'specs'), { recursive: true });
    writeFileSync(join(data, 'logto', 'specs', 'widgets.yaml'), WIDGETS);
    const result = await runCli(['widgets', 'get-widget', '--widget-id', 'w1', '--access-token', 'QUERY_SECRET', '--verbose'], {
      env: { XDG_DATA_HOME: data, LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: 'token' },
    });
    expect(result.code).toBe(0);
    expect(server.requests.at(-1)?.query.access_token).toBe('QUERY_SECRET');
    expect(result.stderr).toMatch(/^> GET http:\/\/127\.0\.0\.1:\d+\/api\/widgets\/w1\?access_token=\[redacted\]$/m);
    expect(result.stderr).not.toContain('QUERY_SECRET');
  });

  it('a broken user spec is reported and skipped; bundled commands keep working', async () => {
    const data = mkdtempSync(join(tmpdir(), 'logto-data-'));
    mkdirSync(join(data, 'logto', 'specs'), { recursive: true });
    writeFileSync(join(data, 'logto', 'specs', 'widgets.yaml'), WIDGETS.replace('call: logto-widgets.getwidget', 'call: logto-widgets.nothing'));
    const result = await runCli(['my-account', 'get-profile'], { env: { XDG_DATA_HOME: data, LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: 'token' } });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: ignoring user spec .*widgets\.yaml:\d+: capability\.exposes\[0\]\.tools\[0\]\.call: names no consumed operation: logto-widgets\.nothing\n$/);
  });
});

describe('start-up cost', () => {
  it('--help and a command run load neither the YAML parser nor the prompt or keychain libraries', async () => {
    for (const args of [['--help'], ['my-account', 'get-profile', '--help'], ['my-account', 'get-profile']]) {
      const file = traceFile();
      const result = await runCli(args, {
        env: { LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: 'token', NODE_OPTIONS: `--require ${PRELOAD}`, TRACE_REQUIRES_FILE: file },
      });
      expect(result.code).toBe(0);
      const modules = loadedModules(file);
      expect(modules).not.toContain('yaml');
      // Nor any oclif plugin: the CLI's own hooks stay on the plain path (users' plugins load only when installed).
      expect(modules.filter((name) => /inquirer|keyring|modelcontextprotocol|jmespath|chalk|@oclif\/plugin-/.test(name))).toEqual([]);
      // Help never touches the HTTP stack.
      if (args.includes('--help')) expect(modules.filter((name) => name.startsWith('undici'))).toEqual([]);
      // Nor what oclif requires at its top for code a run never calls (deferred by scripts/bundle.mjs).
      expect(modules.filter((name) => ['node:child_process', 'node:perf_hooks', 'node:fs/promises'].includes(name))).toEqual([]);
    }
  });

  it("DEBUG still shows oclif's own debug log (the silent logger stands in only without it); oclif loads its config once", async () => {
    const env = { LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: 'token' };
    const quiet = await runCli(['my-account', 'get-profile'], { env });
    expect(quiet).toMatchObject({ code: 0, stderr: '' });
    const debug = await runCli(['my-account', 'get-profile'], { env: { ...env, DEBUG: 'oclif*' } });
    expect(debug.code).toBe(0);
    expect(JSON.parse(debug.stdout)).toEqual({ id: 'w1' });
    expect(debug.stderr).toMatch(/oclif:main process\.argv/);
    // oclif's Command.run would load it a second time; LogtoCommand runs with the one that found it.
    expect(debug.stderr.match(/oclif:config config done/g)).toHaveLength(1);
  });
});
