// One profile, every surface (issue 11): an M2M credential and a user sign-in side by side,
// the Account API's scopes, stored verification records, typed uploads, and wrong paths,
// against a stand-in that enforces what Logto 1.42 enforces.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv, ROOT, runCli, runInteractive } from './helpers/cli';
import { M2M, NATIVE, PAT, USER, startLogtoServer, type LogtoServer } from './helpers/logto-server';

const DOCUMENTS = join(ROOT, '..', 'shared', 'logto-openapi');
const DEFAULT_SCOPE = 'openid offline_access profile email phone address custom_data identities urn:logto:scope:sessions';

let server: LogtoServer;
beforeAll(async () => {
  server = await startLogtoServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

function user() {
  const env = cleanEnv();
  const profile = `p${Math.random().toString(36).slice(2, 10)}`;
  const run = (args: string[], options: { stdin?: string; env?: Record<string, string | undefined> } = {}) =>
    runCli(args, { stdin: options.stdin, env: { ...env, LOGTO_PROFILE: profile, ...options.env } });
  const keyring = () => spawnSync('secret-tool', ['search', '--all', 'service', 'logto-cli'], { env, encoding: 'utf8' }).stdout;
  return { env, profile, run, keyring };
}
type User = ReturnType<typeof user>;

const m2mLogin = (u: User, extra: string[] = []) =>
  u.run(['auth', 'login', '--m2m', '--client-id', M2M.id, '--client-secret-stdin', '--endpoint', server.url, ...extra], { stdin: M2M.secret });
const passwordLogin = (u: User, extra: string[] = []) =>
  u.run(['auth', 'login', '--password', '--client-id', NATIVE.id, '--redirect-uri', NATIVE.redirectUri, '--username', USER.username, '--password-stdin', ...extra], {
    stdin: USER.password,
  });
const bearerOf = (path: string) => server.requests.filter((request) => request.pathname === path).at(-1)?.headers.authorization;

describe('one profile holds both credentials', { timeout: 120_000 }, () => {
  it('--m2m then --password on one profile: a management and a my-account command both work, each with its own token', async () => {
    const u = user();
    expect((await m2mLogin(u, ['--no-sync'])).code).toBe(0);
    // The endpoint comes from the profile now: no --endpoint on the second login.
    const login = await passwordLogin(u);
    expect(login.stderr).toBe(`Signed in to ${server.url}/ as profile ${u.profile} (password).\n`);
    expect(login.code).toBe(0);
    const authorize = server.requests.find((request) => request.pathname === '/oidc/auth')!;
    expect(new URLSearchParams(authorize.url.split('?')[1]).get('scope')).toBe(DEFAULT_SCOPE);

    const management = await u.run(['api', 'GET', '/api/users']);
    expect(management).toMatchObject({ code: 0, stdout: '[{"id":"u_bob","username":"bob"}]\n' });
    expect(bearerOf('/api/users')).toMatch(/^Bearer mgmt-token-\d+$/);
    const mine = await u.run(['my-account', 'get-profile']);
    expect(mine).toEqual({ code: 0, stdout: `{"id":"${USER.id}","username":"${USER.username}"}\n`, stderr: '' });
    expect(bearerOf('/api/my-account')).toMatch(/^Bearer user-token-\d+$/);

    const status = JSON.parse((await u.run(['auth', 'status', '-o', 'json'])).stdout);
    expect(status).toMatchObject({
      profile: u.profile,
      endpoint: server.url,
      m2m: { clientId: M2M.id, clientSecret: 'stored', tokenExpires: expect.stringMatching(/^\d{4}-/) },
      user: { method: 'password', identity: USER.username, clientId: NATIVE.id, scope: DEFAULT_SCOPE, refreshToken: 'stored', tokenExpires: expect.stringMatching(/^\d{4}-/) },
    });
    expect((await u.run(['auth', 'status', '-q', 'm2m.clientId'])).stdout).toBe(`"${M2M.id}"\n`);
    const list = JSON.parse((await u.run(['auth', 'list', '-o', 'json'])).stdout);
    expect(list).toEqual([{ profile: u.profile, current: true, endpoint: server.url, m2m: M2M.id, user: `${USER.username} (password)` }]);
    expect(JSON.parse((await u.run(['config', 'profiles', '-o', 'json'])).stdout)).toEqual(list);

    // Logging out one side keeps the other; the missing one names its login command.
    expect(await u.run(['auth', 'logout', '--user'])).toEqual({ code: 0, stdout: '', stderr: `Logged out of profile ${u.profile} (user sign-in).\n` });
    expect(u.keyring()).not.toContain(`${u.profile}:refresh-token`);
    expect(u.keyring()).toContain(`${u.profile}:client-secret`);
    expect((await u.run(['api', 'GET', '/api/users'])).code).toBe(0);
    server.requests.length = 0;
    expect(await u.run(['my-account', 'get-profile'])).toEqual({
      code: 3,
      stdout: '',
      stderr: `Error: my-account needs a signed-in user, and profile ${u.profile} has none: run logto auth login --password --profile ${u.profile} (or --device, --browser, --pat), or set LOGTO_API_KEY\n`,
    });
    expect(server.requests).toHaveLength(0);

    expect((await passwordLogin(u)).code).toBe(0);
    expect((await u.run(['auth', 'logout', '--m2m'])).code).toBe(0);
    expect((await u.run(['my-account', 'get-profile'])).code).toBe(0);
    expect(await u.run(['users', 'list-users'], { env: {} })).toMatchObject({ code: 2 });
    expect(await u.run(['api', 'GET', '/api/users'])).toEqual({
      code: 3,
      stdout: '',
      stderr: `Error: the Management API needs a machine-to-machine app, and profile ${u.profile} has none: run logto auth login --m2m --profile ${u.profile}, or set LOGTO_API_KEY\n`,
    });
    expect((await u.run(['auth', 'logout'])).code).toBe(0);
    expect(u.keyring()).not.toContain(`${u.profile}:`);
  });

  it('auth login takes the endpoint from the profile; with none anywhere it exits 3', async () => {
    const u = user();
    const none = await m2mLogin({ ...u, run: (args, options) => u.run(args.filter((arg, i) => arg !== '--endpoint' && args[i - 1] !== '--endpoint'), options) });
    expect(none).toEqual({ code: 3, stdout: '', stderr: 'Error: no endpoint: pass --endpoint URL or --tenant ID, set LOGTO_ENDPOINT, or run logto config set endpoint URL\n' });
    expect(server.requests).toHaveLength(0);
    expect((await u.run(['config', 'set', 'endpoint', server.url])).code).toBe(0);
    const login = await u.run(['auth', 'login', '--m2m', '--client-id', M2M.id, '--client-secret-stdin', '--no-sync'], { stdin: M2M.secret });
    expect(login.code).toBe(0);
    expect(server.tokenRequests('client_credentials')).toHaveLength(1);
  });
});

describe('scopes', { timeout: 120_000 }, () => {
  it('a narrower --scope gets 401 auth.unauthorized from a sessions route, and the error names the scope and the login that adds it', async () => {
    const u = user();
    expect((await passwordLogin(u, ['--endpoint', server.url, '--scope', 'openid offline_access profile'])).code).toBe(0);
    expect((await u.run(['auth', 'verify', '--password-stdin'], { stdin: USER.password })).code).toBe(0);
    const refused = await u.run(['my-account', 'get-all-active-sessions']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `Error: HTTP 401 Unauthorized: auth.unauthorized: Unauthorized.; this call needs the scope urn:logto:scope:sessions: sign in again with logto auth login --password --add-scope "urn:logto:scope:sessions" --profile ${u.profile}\n`,
    );
    const again = await passwordLogin(u, ['--scope', 'openid offline_access profile', '--add-scope', 'urn:logto:scope:sessions']);
    expect(again.code).toBe(0);
    expect(new URLSearchParams(server.requests.filter((request) => request.pathname === '/oidc/auth').at(-1)!.url.split('?')[1]).get('scope')).toBe(
      'openid offline_access profile urn:logto:scope:sessions',
    );
    expect((await u.run(['auth', 'verify', '--password-stdin'], { stdin: USER.password })).code).toBe(0);
    expect(await u.run(['my-account', 'get-all-active-sessions'])).toEqual({ code: 0, stdout: '{"sessions":[{"id":"session-1"}]}\n', stderr: '' });
  });

  it('the default scope covers the email route; custom_data is named when it is the one missing', async () => {
    const u = user();
    expect((await passwordLogin(u, ['--endpoint', server.url, '--scope', 'openid profile'])).code).toBe(0);
    const refused = await u.run(['my-account', 'update-profile', '-F', 'customData={"a":1}']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('this call needs the scope custom_data: sign in again with logto auth login --password --add-scope "custom_data"');
    const v = user();
    expect((await passwordLogin(v, ['--endpoint', server.url])).code).toBe(0);
    expect((await v.run(['auth', 'verify', '--password-stdin'], { stdin: USER.password })).code).toBe(0);
    expect((await v.run(['my-account', 'delete-primary-email', '--yes'])).code).toBe(0);
    expect((await v.run(['my-account', 'update-profile', '-F', 'customData={"a":1}'])).code).toBe(0);
  });

  it('--pat sends the scope in the token exchange, then get-profile works and status shows the user', async () => {
    const u = user();
    const login = await u.run(['auth', 'login', '--pat', '--pat-stdin', '--client-id', NATIVE.id, '--endpoint', server.url], { stdin: PAT });
    expect(login.code).toBe(0);
    expect(new URLSearchParams(server.tokenRequests()[0].body).get('scope')).toBe(DEFAULT_SCOPE);
    expect(await u.run(['my-account', 'get-profile'])).toMatchObject({ code: 0, stdout: `{"id":"${USER.id}","username":"${USER.username}"}\n` });
    expect(JSON.parse((await u.run(['auth', 'status', '-o', 'json'])).stdout).user).toMatchObject({ method: 'pat', identity: USER.username });
  });
});

describe('verification records', { timeout: 120_000 }, () => {
  it('auth verify -q prints the bare id and keeps the record; sensitive operations and a username change use it by themselves', async () => {
    const u = user();
    expect((await passwordLogin(u, ['--endpoint', server.url])).code).toBe(0);
    const verify = await u.run(['auth', 'verify', '--password-stdin', '-q', 'verificationRecordId'], { stdin: USER.password });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^vrec-\d+\n$/);
    const id = verify.stdout.trim();
    expect(u.keyring()).toContain(`${u.profile}:verification`);

    expect(await u.run(['my-account', 'revoke-grant-id', '--grant-id', 'g1', '--yes'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(server.requests.at(-1)?.headers['logto-verification-id']).toBe(id);
    const renamed = await u.run(['my-account', 'update-profile', '-f', 'username=alice2']);
    expect(renamed.code).toBe(0);
    expect(server.requests.at(-1)?.headers['logto-verification-id']).toBe(id);
    expect((await u.run(['my-account', 'update-profile', '-f', 'name=Alice'])).code).toBe(0);
    expect(server.requests.at(-1)?.headers['logto-verification-id']).toBeUndefined();
    // A flag still wins over the kept record.
    const flagged = await u.run(['my-account', 'revoke-grant-id', '--grant-id', 'g1', '--verification-id', 'vrec-other', '--yes']);
    expect(flagged.code).toBe(1);
    expect(flagged.stderr).toContain('verification_record.permission_denied');
    expect(flagged.stderr).toContain('run logto auth verify --password-stdin');
  });

  it('an MCP tool call without verification-id uses the kept record too', async () => {
    const u = user();
    expect((await passwordLogin(u, ['--endpoint', server.url])).code).toBe(0);
    const verify = await u.run(['auth', 'verify', '--password-stdin', '-q', 'verificationRecordId'], { stdin: USER.password });
    expect(verify.code).toBe(0);
    const call = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'revoke-grant-id', arguments: { 'grant-id': 'g1' } } });
    const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } } });
    const served = await u.run(['mcp', 'serve', '--surface', 'my-account'], { stdin: `${initialize}\n${call}\n` });
    const answer = served.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((message) => message.id === 2);
    expect(answer.result.isError).toBeFalsy();
    const revoke = server.requests.find((request) => request.pathname === '/api/my-account/grants/g1');
    expect(revoke).toMatchObject({ method: 'DELETE' });
    expect(revoke?.headers['logto-verification-id']).toBe(verify.stdout.trim());
  });

  it('update-profile with a username and no record exits 3 in a script and says what to run', async () => {
    const u = user();
    expect((await passwordLogin(u, ['--endpoint', server.url])).code).toBe(0);
    server.requests.length = 0;
    const result = await u.run(['my-account', 'update-profile', '-f', 'username=alice2']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('run logto auth verify --password-stdin first');
    expect(server.requests).toHaveLength(0);
  });
});

describe('uploads, wrong paths, the whole API', { timeout: 120_000 }, () => {
  it('after login --m2m --sync, users list-users works; an upload goes with its MIME type, an untyped one is refused', async () => {
    const u = user();
    const before = await u.run(['users', 'list-users'], { env: { LOGTO_ENDPOINT: server.url } });
    expect(before).toMatchObject({ code: 2, stderr: 'Error: unknown surface "users", but the server\'s OpenAPI has it: run logto specs sync to import every operation\n' });

    const login = await m2mLogin(u, ['--sync']);
    expect(login.code).toBe(0);
    expect(login.stderr).toMatch(/Synced \d+ surfaces, \d+ operations/);
    expect(JSON.parse(login.stdout)).toMatchObject({ method: 'm2m', subject: M2M.id });
    expect(await u.run(['users', 'list-users'])).toMatchObject({ code: 0, stdout: '[{"id":"u_bob","username":"bob"}]\n' });

    const dir = mkdtempSync(join(tmpdir(), 'logto-upload-'));
    writeFileSync(join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(join(dir, 'logo.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const typed = await u.run(['user-assets', 'create-user-asset', '--file', join(dir, 'logo.png')]);
    expect(typed).toMatchObject({ code: 0, stdout: '{"url":"https://assets.example.com/logo.png"}\n' });
    expect(server.requests.at(-1)?.body).toContain('filename="logo.png"\r\nContent-Type: image/png\r\n');
    const overridden = await u.run(['user-assets', 'create-user-asset', '--file', `${join(dir, 'logo.bin')};type=image/png`]);
    expect(overridden.code).toBe(0);
    expect(server.requests.at(-1)?.body).toContain('filename="logo.bin"\r\nContent-Type: image/png\r\n');
    const untyped = await u.run(['user-assets', 'create-user-asset', '--file', join(dir, 'logo.bin')]);
    expect(untyped.code).toBe(1);
    expect(untyped.stderr).toContain('guard.mime_type_not_allowed');
    // Help says how to type a part whose name does not tell.
    const help = await u.run(['user-assets', 'create-user-asset', '--help']);
    expect(help.stdout).toMatch(/^ +--file=<path\[;type=MIME\]> +\(required\) form part file\./m);
  }, 60_000);

  it('logto api refuses a relative path and calls an HTML answer what it is', async () => {
    const u = user();
    const env = { LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: 'any' };
    expect(await u.run(['api', 'GET', 'users'], { env })).toEqual({ code: 2, stdout: '', stderr: 'Error: PATH must start with /, e.g. /api/users; got "users"\n' });
    expect(server.requests).toHaveLength(0);
    expect(await u.run(['api', 'GET', '/users'], { env })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error: GET /users answered with an HTML page, not JSON: did you mean /api/users?\n',
    });
  });

  it('without a keychain, an experience command explains that its cookies need the secret store, even with a token set', async () => {
    const u = user();
    const env = { DBUS_SESSION_BUS_ADDRESS: undefined, LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: 'x' };
    const result = await u.run(['experience', 'submit-interaction'], { env });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      "Error: no OS keychain reachable: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set). Experience commands keep the interaction's cookies there (an API token does not apply to them): start with logto experience start --insecure-storage to keep them in a 0600 file\n",
    );
    const start = await u.run(['experience', 'start', '--client-id', NATIVE.id, '--redirect-uri', NATIVE.redirectUri, '--insecure-storage'], { env });
    expect(start.code).toBe(0);
    expect((await u.run(['experience', 'init-new-interaction', '-f', 'interactionEvent=SignIn'], { env })).code).toBe(0);
  });

  it('on a terminal, login --m2m offers the sync', async () => {
    const u = user();
    const result = await runInteractive(
      ['auth', 'login', '--m2m', '--client-id', M2M.id, '--endpoint', server.url],
      [
        [/Client secret/, `${M2M.secret}\r`],
        [/Import the whole API now/, '\r'],
      ],
      { env: { ...u.env, LOGTO_PROFILE: u.profile } },
    );
    expect(result.stderr).toBe('answered 2 of 2 prompts');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Synced \d+ surfaces/);
  }, 60_000);
});
