// The formatter layer as a user sees it: on a terminal and in a pipe.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, runInTerminal } from './helpers/cli';
import { startServer, type TestServer } from './helpers/server';

const PROFILE = { id: 'u1', username: 'alice', primaryEmail: 'alice@example.com', customData: { plan: 'pro' } };
const TOKENS = [
  { id: 't1', email: 'a@b.co', status: 'active' },
  { id: 't2', email: 'c@d.co', status: 'revoked', context: { jit: ['o1'] } },
];
let server: TestServer;
let env: Record<string, string>;
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/;

beforeAll(async () => {
  server = await startServer();
  env = { LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: 'token' };
});
afterAll(() => server.close());
beforeEach(() => server.reply((request) => ({ body: request.pathname === '/api/my-account' ? PROFILE : TOKENS })));

describe('piped output', () => {
  it('is compact JSON with no colour by default', async () => {
    const result = await runCli(['one-time-tokens', 'get-one-time-tokens'], { env });
    expect(result.stdout).toBe(`${JSON.stringify(TOKENS)}\n`);
    expect(result.stdout).not.toMatch(ANSI);
  });

  it('is YAML with -o yaml', async () => {
    const result = await runCli(['my-account', 'get-profile', '-o', 'yaml'], { env });
    expect(result.stdout).toBe('id: u1\nusername: alice\nprimaryEmail: alice@example.com\ncustomData:\n  plan: pro\n');
  });

  it('is a plain table with -o table: arrays as columns', async () => {
    const result = await runCli(['one-time-tokens', 'get-one-time-tokens', '--output', 'table'], { env });
    expect(result.stdout).toBe(
      ['ID  EMAIL   STATUS   CONTEXT', 't1  a@b.co  active', 't2  c@d.co  revoked  {"jit":["o1"]}', ''].join('\n'),
    );
  });

  it('is a plain table with -o table: objects as key/value rows', async () => {
    const result = await runCli(['my-account', 'get-profile', '-o', 'table'], { env });
    expect(result.stdout).toBe(
      ['id            u1', 'username      alice', 'primaryEmail  alice@example.com', 'customData    {"plan":"pro"}', ''].join('\n'),
    );
  });
});

describe('terminal output', () => {
  it('defaults to a table with a bold header and coloured status words', async () => {
    const result = await runInTerminal(['one-time-tokens', 'get-one-time-tokens'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('\x1b[1mID  EMAIL   STATUS   CONTEXT\x1b[22m');
    expect(result.stdout).toContain('t1  a@b.co  \x1b[32mactive \x1b[39m\n');
    expect(result.stdout).toContain('t2  c@d.co  \x1b[31mrevoked\x1b[39m  {"jit":["o1"]}');
  });

  it('honours NO_COLOR', async () => {
    const result = await runInTerminal(['one-time-tokens', 'get-one-time-tokens'], { env: { ...env, NO_COLOR: '1' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ID  EMAIL   STATUS   CONTEXT\n');
    expect(result.stdout).not.toMatch(ANSI);
  });

  it('pretty-prints JSON when asked for JSON', async () => {
    const result = await runInTerminal(['my-account', 'get-profile', '-o', 'json'], { env });
    expect(result.stdout).toBe(`${JSON.stringify(PROFILE, null, 2)}\n`);
  });

  it('colours the error prefix on a terminal, but not with NO_COLOR', async () => {
    const coloured = await runInTerminal(['my-account', 'get-profile', '--bogus'], { env });
    expect(coloured.code).toBe(2);
    expect(coloured.stdout).toContain('\x1b[31mError:\x1b[39m unknown flag --bogus');
    const plain = await runInTerminal(['my-account', 'get-profile', '--bogus'], { env: { ...env, NO_COLOR: '1' } });
    expect(plain.stdout).toBe('Error: unknown flag --bogus for my-account get-profile\n');
  });
});

describe('help', () => {
  it('lists the surfaces, and a surface lists its commands', async () => {
    const root = await runCli(['--help']);
    expect(root.code).toBe(0);
    expect(root.stdout).toMatch(/^ {2}my-account +My account \(29 commands\)$/m);
    expect(root.stdout).toMatch(/^ {2}one-time-tokens +One-time tokens \(6 commands\)$/m);
    expect(root.stdout).toMatch(/^ {2}experience +Experience \(36 commands\)$/m);
    const surface = await runCli(['my-account', '--help']);
    expect(surface.stdout).toMatch(/^ {2}revoke-grant-id +Revoke a grant by ID {2}\(DELETE \/api\/my-account\/grants\/\{grantId\}\)$/m);
  });

  it('shows method, path, typed flags, requiredness and a runnable example', async () => {
    const result = await runCli(['one-time-tokens', 'get-one-time-tokens', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('GET /api/one-time-tokens  (read-only, idempotent)');
    expect(result.stdout).toMatch(/--page-size=<integer> +query page_size\. Entries per page\./);
    const create = await runCli(['one-time-tokens', 'create-one-time-token', '--help']);
    expect(create.stdout).toContain('BODY FLAGS (required)');
    expect(create.stdout).toContain("$ logto one-time-tokens create-one-time-token --body '{}'");
    const revoke = await runCli(['my-account', 'revoke-grant-id', '--help']);
    expect(revoke.stdout).toMatch(/--grant-id=<string> +\(required\) path \{grantId\}\./);
    expect(revoke.stdout).toMatch(/--verification-id=<string> +\(required\) header logto-verification-id\./);
    expect(revoke.stdout).toContain('$ logto my-account revoke-grant-id --grant-id GRANT_ID --verification-id VERIFICATION_ID --yes');
  });

  it('runs the example from the help as written', async () => {
    server.reply(() => ({ status: 204 }));
    const help = await runCli(['my-account', 'revoke-grant-id', '--help']);
    const example = /\$ logto (.+)$/m.exec(help.stdout.split('EXAMPLE')[1])![1];
    const result = await runCli(example.split(' '), { env });
    expect(result.code).toBe(0);
    expect(server.requests.at(-1)).toMatchObject({ method: 'DELETE', url: '/api/my-account/grants/GRANT_ID' });
  });
});
