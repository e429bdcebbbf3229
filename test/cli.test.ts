// End to end: the built CLI against a real loopback server. Each test checks what
// reached the server and what the user saw (stdout, stderr, exit code).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv, runCli } from './helpers/cli';
import { startServer, type TestServer } from './helpers/server';

const TOKEN = 'tok_SECRET_canary_8c1f';
let server: TestServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startServer();
  env = { LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: TOKEN };
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.reply(() => ({ status: 200, body: { id: 'u1', username: 'alice' } }));
});

const noStackTrace = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('requests', () => {
  it('sends a GET with the bearer token and prints compact JSON when piped', async () => {
    const result = await runCli(['my-account', 'get-profile'], { env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe('{"id":"u1","username":"alice"}\n');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/api/my-account' });
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('maps query flags with their types', async () => {
    server.reply(() => ({ body: [] }));
    const result = await runCli(['one-time-tokens', 'get-one-time-tokens', '--email', 'a@b.co', '--page', '2', '--page-size', '50'], { env });
    expect(result.code).toBe(0);
    expect(server.requests[0].pathname).toBe('/api/one-time-tokens');
    expect(server.requests[0].query).toEqual({ email: 'a@b.co', page: '2', page_size: '50' });
  });

  it('sends path, header and body inputs', async () => {
    server.reply(() => ({ status: 204 }));
    const result = await runCli(['my-account', 'revoke-grant-id', '--grant-id', 'g1', '--verification-id', 'v1', '--yes'], { env });
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(server.requests[0]).toMatchObject({ method: 'DELETE', url: '/api/my-account/grants/g1' });
    expect(server.requests[0].headers['logto-verification-id']).toBe('v1');
  });

  it('keeps the full header name when a path input has the short flag', async () => {
    server.reply(() => ({ status: 204 }));
    const result = await runCli(['my-account', 'delete-mfa-verification', '--verification-id', 'mfa_1', '--logto-verification-id', 'rec_1', '--yes'], { env });
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(server.requests[0]).toMatchObject({ method: 'DELETE', url: '/api/my-account/mfa-verifications/mfa_1' });
    expect(server.requests[0].headers['logto-verification-id']).toBe('rec_1');
  });

  it('sends a JSON body from --body', async () => {
    const result = await runCli(['one-time-tokens', 'update-one-time-token-status', '--id', 'tok_1', '--body', '{"status":"revoked"}'], { env });
    expect(result.code).toBe(0);
    expect(server.requests[0]).toMatchObject({ method: 'PUT', url: '/api/one-time-tokens/tok_1/status', json: { status: 'revoked' } });
    expect(server.requests[0].headers['content-type']).toBe('application/json');
  });

  it('takes the endpoint and token from flags over the environment', async () => {
    const result = await runCli(['my-account', 'get-profile', '--endpoint', server.url, '--token', 'flag-token'], {
      env: { LOGTO_ENDPOINT: 'http://127.0.0.1:9', LOGTO_API_KEY: 'env-token' },
    });
    expect(result.code).toBe(0);
    expect(server.requests[0].headers.authorization).toBe('Bearer flag-token');
  });

  it('keeps a path prefix of the endpoint', async () => {
    const result = await runCli(['my-account', 'get-profile'], { env: { ...env, LOGTO_ENDPOINT: `${server.url}/logto/` } });
    expect(result.code).toBe(0);
    expect(server.requests[0].url).toBe('/logto/api/my-account');
  });
});

describe('body flags', () => {
  it('types -F values, keeps -f values as strings, and nests dotted keys', async () => {
    const result = await runCli(
      [
        'one-time-tokens', 'create-one-time-token',
        '-f', 'email=a@b.co', '-F', 'expiresIn=600', '-f', 'zip=00123',
        '-F', 'context.jitOrganizationIds=["o1","o2"]', '-F', 'flags.on=true', '-F', 'flags.none=null', '-F', 'label=plain text',
      ],
      { env },
    );
    expect(result.code).toBe(0);
    expect(server.requests[0].json).toEqual({
      email: 'a@b.co',
      zip: '00123',
      expiresIn: 600,
      context: { jitOrganizationIds: ['o1', 'o2'] },
      flags: { on: true, none: null },
      label: 'plain text',
    });
  });

  it('merges fields over --body', async () => {
    const result = await runCli(['one-time-tokens', 'create-one-time-token', '--body', '{"email":"old@b.co","expiresIn":60,"context":{"a":1}}', '-f', 'email=new@b.co', '-F', 'context.b=2'], { env });
    expect(result.code).toBe(0);
    expect(server.requests[0].json).toEqual({ email: 'new@b.co', expiresIn: 60, context: { a: 1, b: 2 } });
  });

  it('reads --body @file and --body - (stdin)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logto-body-'));
    const file = join(dir, 'event.json');
    writeFileSync(file, '{"interactionEvent":"SignIn"}');
    const fromFile = await runCli(['one-time-tokens', 'create-one-time-token', '--body', `@${file}`], { env });
    expect(fromFile.code).toBe(0);
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/api/one-time-tokens', json: { interactionEvent: 'SignIn' } });

    const fromStdin = await runCli(['one-time-tokens', 'create-one-time-token', '--body', '-'], { env, stdin: '{"email":"a@b.co"}' });
    expect(fromStdin.code).toBe(0);
    expect(server.requests[1].json).toEqual({ email: 'a@b.co' });
  });

  it('sends the experience body with the started interaction', async () => {
    const user = cleanEnv({ ...env });
    server.reply((request) =>
      request.pathname === '/oidc/auth' ? { status: 303, headers: { location: '/sign-in', 'set-cookie': ['_interaction=i1; path=/; httponly'] } } : { status: 204 },
    );
    const start = await runCli(['experience', 'start', '--client-id', 'app', '--redirect-uri', 'io.test://cb'], { env: user });
    expect(start.code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'logto-body-'));
    writeFileSync(join(dir, 'event.json'), '{"interactionEvent":"SignIn"}');
    const result = await runCli(['experience', 'init-new-interaction', '--body', `@${join(dir, 'event.json')}`], { env: user });
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(server.requests.at(-1)).toMatchObject({ method: 'PUT', url: '/api/experience', json: { interactionEvent: 'SignIn' } });
    expect(server.requests.at(-1)?.headers.cookie).toBe('_interaction=i1');
  });
});

describe('path and header safety', () => {
  it.each([
    ['a/b', '/api/one-time-tokens/a%2Fb/status'],
    ['../../admin', '/api/one-time-tokens/..%2F..%2Fadmin/status'],
    ['..', '/api/one-time-tokens/%2E%2E/status'],
    ['x?admin=1#frag', '/api/one-time-tokens/x%3Fadmin%3D1%23frag/status'],
    ['sp ace%', '/api/one-time-tokens/sp%20ace%25/status'],
  ])('percent-encodes the path value %j', async (id, expected) => {
    const result = await runCli(['one-time-tokens', 'update-one-time-token-status', '--id', id, '-f', 'status=revoked'], { env });
    expect(result.code).toBe(0);
    expect(server.requests[0].url).toBe(expected);
  });

  it('rejects header values with CR or LF before sending anything', async () => {
    const result = await runCli(['my-account', 'revoke-grant-id', '--grant-id', 'g1', '--verification-id', 'v1\r\nX-Evil: 1'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('Error: header logto-verification-id must not contain a line break\n');
    expect(server.requests).toHaveLength(0);
  });
});

describe('exit codes and errors', () => {
  it('1: shows the status and Logto code and message on stderr', async () => {
    server.reply(() => ({ status: 404, body: { code: 'entity.not_exists_with_id', message: 'The entity with ID `t9` does not exist.' } }));
    const result = await runCli(['one-time-tokens', 'get-one-time-token-id', '--id', 't9'], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('Error: HTTP 404 Not Found: entity.not_exists_with_id: The entity with ID `t9` does not exist.\n');
  });

  it('1: with --output json Logto\'s error object goes to stderr as JSON', async () => {
    server.reply(() => ({ status: 401, body: { code: 'auth.unauthorized', message: 'Unauthorized.', data: { code: 'ERR_JWS_INVALID' } } }));
    const result = await runCli(['my-account', 'get-profile', '-o', 'json'], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr)).toEqual({
      error: { status: 401, code: 'auth.unauthorized', message: 'Unauthorized.', data: { code: 'ERR_JWS_INVALID' }, exitCode: 1 },
    });
  });

  it('1: a non-JSON error body still gives one line', async () => {
    server.reply(() => ({ status: 502, body: 'Bad gateway from proxy', headers: { 'content-type': 'text/plain' } }));
    const result = await runCli(['my-account', 'get-profile'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Error: HTTP 502 Bad Gateway: Bad gateway from proxy\n');
  });

  it.each([
    [['one-time-tokens', 'delete-one-time-token-id', '--id', '', '--yes'], /^Error: --id must not be empty\n$/],
    [['my-account', 'get-profile', '--frobnicate'], /^Error: unknown flag --frobnicate for my-account get-profile\n$/],
    [['one-time-tokens', 'get-one-time-tokens', '--page-sise', '2'], /^Error: unknown flag --page-sise .*\(did you mean --page-size\?\)\n$/],
    [['one-time-tokens', 'get-one-time-tokens', '--page', 'two'], /^Error: --page expects an integer, got "two"\n$/],
    [['one-time-tokens', 'get-one-time-token-id'], /^Error: missing required flag: --id\n$/],
    [['my-account', 'revoke-grant-id'], /^Error: missing required flag: --grant-id\n$/],
    [['experience', 'create-social-verification', '--body', '{}'], /^Error: missing required flag: --connector-id\n$/],
    [['one-time-tokens', 'create-one-time-token'], /^Error: one-time-tokens create-one-time-token needs a request body/],
    [['one-time-tokens', 'create-one-time-token', '--body', '{"email":'], /^Error: --body is not valid JSON: /],
    [['one-time-tokens', 'create-one-time-token', '--body', '@/nonexistent/body.json'], /^Error: cannot read --body file \/nonexistent\/body.json: no such file\n$/],
    [['one-time-tokens', 'create-one-time-token', '-F', 'a={"x":'], /^Error: -F a: value is not valid JSON/],
    [['one-time-tokens', 'create-one-time-token', '-f', 'novalue'], /^Error: -f expects key=value/],
    [['my-account', 'get-profile', '--endpoint', 'not a url'], /^Error: --endpoint is not a valid URL: "not a url"\n$/],
    [['my-account', 'get-profile', '--endpoint', 'ftp://example.com'], /^Error: --endpoint must be an http\(s\) URL/],
    [['my-account', 'get-profile', '-o', 'xml'], /^Error: --output must be one of json, yaml, table/],
    [['my-account', 'get-profile', '--timeout', '0'], /^Error: --timeout expects a positive number/],
    [['my-account', 'get-profil'], /^Error: unknown command "get-profil" \(did you mean get-profile\?\)/],
    [['my-acount'], /^Error: unknown surface "my-acount" \(did you mean my-account\?\)/],
  ])('2: %j', async (args, message) => {
    const result = await runCli(args as string[], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(server.requests).toHaveLength(0);
  });

  it('3: no endpoint configured', async () => {
    const result = await runCli(['my-account', 'get-profile'], { env: { LOGTO_API_KEY: TOKEN } });
    expect(result).toEqual({ code: 3, stdout: '', stderr: 'Error: no Logto endpoint configured: pass --endpoint URL or --tenant ID, set LOGTO_ENDPOINT, or run logto auth login\n' });
  });

  it('3: no token configured', async () => {
    const result = await runCli(['my-account', 'get-profile'], { env: { LOGTO_ENDPOINT: server.url, LOGTO_PROFILE: undefined } });
    expect(result).toEqual({
      code: 3,
      stdout: '',
      stderr: 'Error: my-account needs a signed-in user, and profile default has none: run logto auth login --password (or --device, --browser, --pat), or set LOGTO_API_KEY\n',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('4: connection refused', async () => {
    const closed = await startServer();
    await closed.close();
    const result = await runCli(['my-account', 'get-profile'], { env: { ...env, LOGTO_ENDPOINT: closed.url } });
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(`Error: cannot reach ${closed.url}: connection refused (ECONNREFUSED)\n`);
  });

  it('4: the server hangs up mid-request', async () => {
    server.reply(() => ({ hangUp: true }));
    const result = await runCli(['my-account', 'get-profile'], { env });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^Error: cannot reach http:\/\/127\.0\.0\.1:\d+: /);
    noStackTrace(result.stderr);
  });

  it('4: timeout', async () => {
    server.reply(() => ({ delay: 3000, body: {} }));
    const started = Date.now();
    const result = await runCli(['my-account', 'get-profile', '--timeout', '0.5'], { env });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^Error: request timed out after 0\.5s: GET http:\/\/127\.0\.0\.1:\d+\/api\/my-account\n$/);
    expect(Date.now() - started).toBeLessThan(2500);
  });
});

describe('--verbose', () => {
  it('traces request and response headers without ever printing secrets', async () => {
    server.reply(() => ({ headers: { 'set-cookie': 'session=SECRET_COOKIE_VALUE; HttpOnly' }, body: { ok: true } }));
    const result = await runCli(['my-account', 'revoke-grant-id', '--grant-id', 'g1', '--verification-id', 'VERIFY_SECRET', '--verbose', '--yes'], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^> DELETE http:\/\/127\.0\.0\.1:\d+\/api\/my-account\/grants\/g1$/m);
    expect(result.stderr).toMatch(/^> authorization: Bearer \[redacted\]$/m);
    expect(result.stderr).toMatch(/^< 200 OK$/m);
    expect(result.stderr).toMatch(/^< set-cookie: \[redacted\]$/m);
    for (const secret of [TOKEN, 'SECRET_COOKIE_VALUE', 'VERIFY_SECRET']) {
      expect(result.stderr).not.toContain(secret);
      expect(result.stdout).not.toContain(secret);
    }
  });

  it('does not put the token into error messages', async () => {
    server.reply(() => ({ status: 401, body: { code: 'auth.unauthorized', message: 'Unauthorized.' } }));
    const result = await runCli(['my-account', 'get-profile', '--verbose', '--token', TOKEN], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain(TOKEN);
  });
});
