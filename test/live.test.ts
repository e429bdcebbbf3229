// Live tenant tools end to end: the built CLI as a child process against a Logto stand-in
// on 127.0.0.1 (audit logs, hooks with signed deliveries, users, roles, the OIDC and
// experience routes), with the real keychain holding the M2M credentials.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli, runInTerminal, ROOT } from './helpers/cli';
import { createLiveTenant, type LogRecord } from './helpers/live-tenant';
import { M2M, NATIVE, USER, startLogtoServer, type LogtoServer } from './helpers/logto-server';
import { startServer, type TestServer } from './helpers/server';

let server: LogtoServer;
let tenant: ReturnType<typeof createLiveTenant>;
let target: TestServer;
const env = cleanEnv();
const profile = `live${Math.random().toString(36).slice(2, 8)}`;
const run = (args: string[], stdin?: string) => runCli(args, { stdin, env: { ...env, LOGTO_PROFILE: profile } });

beforeAll(async () => {
  tenant = createLiveTenant();
  server = await startLogtoServer({ routes: tenant.routes });
  tenant.attach(server);
  target = await startServer();
  // Secrets in a 0600 file: the keychain has tests of its own, and these runs need not wait on D-Bus.
  const login = await run(['auth', 'login', '--m2m', '--client-id', M2M.id, '--client-secret-stdin', '--insecure-storage', '--endpoint', server.url], M2M.secret);
  expect(login.code).toBe(0);
});
afterAll(async () => {
  await server.close();
  await target.close();
});
beforeEach(() => {
  server.requests.length = 0;
  target.requests.length = 0;
  tenant.state.logs.length = 0;
  tenant.state.hooks.clear();
  tenant.state.beforeLogsPage = undefined;
  tenant.state.capAt = 10_000;
});

/** A long-running CLI: its output so far, a wait for what it prints, signals, and its exit. */
function startCli(args: string[]) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...env, LOGTO_PROFILE: profile }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  const waitFor = async (what: string, test: () => boolean, ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nstdout: ${stdout}\nstderr: ${stderr}`);
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode} before ${what}\nstdout: ${stdout}\nstderr: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { child, exited, waitFor, stdout: () => stdout, stderr: () => stderr };
}

const lines = (text: string) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as LogRecord);

describe('logs tail', () => {
  it('pages newest-first results into one oldest-first stream, with the filters as query parameters', async () => {
    const now = Date.now();
    // 250 entries over 3 pages of 100, several sharing a millisecond; plus entries of other kinds.
    for (let i = 0; i < 250; i++) tenant.addLog('Interaction.SignIn.Submit', now - 60_000 + Math.floor(i / 3), { userId: 'u1', applicationId: 'app1', ip: '10.0.0.7' });
    tenant.addLog('Interaction.SignIn.Submit', now - 30_000, { userId: 'u2' });
    tenant.addLog('TriggerHook.User.Created', now - 30_000, { hookId: 'h1' });
    const result = await run(['logs', 'tail', '--since', '5m', '--user', 'u1', '--key', 'Interaction.SignIn.Submit']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const printed = lines(result.stdout);
    expect(printed).toHaveLength(250);
    expect(new Set(printed.map((entry) => entry.id)).size).toBe(250);
    expect(printed.map((entry) => entry.createdAt)).toEqual([...printed.map((entry) => entry.createdAt)].sort((a, b) => a - b));
    const requests = server.requests.filter((request) => request.pathname === '/api/logs');
    expect(requests.map((request) => request.query.page)).toEqual(['1', '2', '3']);
    expect(requests[0].query).toMatchObject({ userId: 'u1', logKey: 'Interaction.SignIn.Submit', enableCap: 'true', page_size: '100' });
    expect(Number(requests[0].query.start_time)).toBeGreaterThan(now - 5 * 60_000 - 1000);
  });

  it('entries created while paging shift the pages but are neither repeated nor lost', async () => {
    const now = Date.now();
    const before: LogRecord[] = [];
    for (let i = 0; i < 150; i++) before.push(tenant.addLog('Interaction.SignIn.Submit', now - 10_000 + i));
    const late: LogRecord[] = [];
    tenant.state.beforeLogsPage = (page) => {
      // Before page 2 is read, five new entries push five of page 1 onto page 2.
      if (page === 2 && late.length === 0) for (let i = 0; i < 5; i++) late.push(tenant.addLog('Interaction.SignIn.Submit', now + i));
    };
    const result = await run(['logs', 'tail', '--since', '1m', '-o', 'ndjson']);
    expect(result.code).toBe(0);
    const ids = lines(result.stdout).map((entry) => entry.id);
    // Page 2 repeated five entries of page 1: printed once. The five new ones were not there when page 1 was read.
    expect(server.requests.filter((request) => request.pathname === '/api/logs')).toHaveLength(2);
    expect(ids).toEqual(before.map((entry) => entry.id));
  });

  it('--follow prints new entries once, a restart with --resume-file continues exactly, Ctrl-C leaves whole lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logto-tail-'));
    const cursor = join(dir, 'audit.cursor');
    const now = Date.now();
    const all: LogRecord[] = [];
    for (let i = 0; i < 120; i++) all.push(tenant.addLog('ExchangeTokenBy.AuthorizationCode', now - 20_000 + i, { applicationId: 'app1' }));

    const tail = startCli(['logs', 'tail', '--follow', '--since', '1m', '--interval', '0.05', '--resume-file', cursor, '-o', 'ndjson']);
    await tail.waitFor('the first 120 entries', () => lines(tail.stdout()).length === 120);
    // New entries, one in the same millisecond as the newest already printed, one committed late (older timestamp).
    all.push(tenant.addLog('ExchangeTokenBy.AuthorizationCode', now - 20_000 + 119));
    all.push(tenant.addLog('ExchangeTokenBy.AuthorizationCode', now - 20_000 + 100));
    for (let i = 0; i < 10; i++) all.push(tenant.addLog('Interaction.SignIn.Submit', Date.now() + i));
    await tail.waitFor('the 12 new entries', () => lines(tail.stdout()).length === 132);
    tail.child.kill('SIGINT');
    expect(await tail.exited).toBe(130);
    expect(tail.stdout().endsWith('\n')).toBe(true);
    expect(tail.stderr()).toBe('Error: interrupted\n');
    const first = lines(tail.stdout());

    // While it is stopped, more entries; the restart prints exactly those.
    for (let i = 0; i < 7; i++) all.push(tenant.addLog('Interaction.SignIn.Submit', Date.now() + 20 + i));
    const saved = JSON.parse(readFileSync(cursor, 'utf8')) as { version: number; start: number };
    expect(saved.version).toBe(1);
    const resumed = await run(['logs', 'tail', '--resume-file', cursor, '-o', 'ndjson']);
    expect(resumed.code).toBe(0);
    const second = lines(resumed.stdout);
    expect(second).toHaveLength(7);
    const ids = [...first, ...second].map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(all.map((entry) => entry.id)));

    // Nothing new: nothing printed, and other filters refuse the file.
    expect(await run(['logs', 'tail', '--resume-file', cursor, '-o', 'ndjson'])).toMatchObject({ code: 0, stdout: '' });
    const other = await run(['logs', 'tail', '--resume-file', cursor, '--user', 'u9']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/^Error: --resume-file .* was written for other filters/);
  });

  it('--follow waits out a failing server with a warning and carries on', async () => {
    const now = Date.now();
    tenant.addLog('Interaction.SignIn.Submit', now - 1000);
    const tail = startCli(['logs', 'tail', '--follow', '--since', '1m', '--interval', '0.05', '-o', 'ndjson']);
    await tail.waitFor('the first entry', () => lines(tail.stdout()).length === 1);
    let failures = 0;
    // Three answers of 503: the request and its two retries; then the poll backs off and tries again.
    tenant.state.beforeLogsPage = () => (failures++ < 3 ? { status: 503, body: { code: 'unavailable', message: 'Service Unavailable' } } : undefined);
    await tail.waitFor('the warning', () => tail.stderr().includes('warning:'));
    tenant.addLog('Interaction.SignIn.Submit', Date.now());
    await tail.waitFor('the second entry', () => lines(tail.stdout()).length === 2);
    tail.child.kill('SIGINT');
    expect(await tail.exited).toBe(130);
    expect(tail.stderr()).toMatch(/^warning: HTTP 503 Service Unavailable: unavailable: Service Unavailable; retrying in 0\.1s\nError: interrupted\n$/);
  });

  it('Ctrl-C in the middle of a long catch-up exits 130 with whole lines only', async () => {
    const now = Date.now();
    for (let i = 0; i < 3000; i++) tenant.addLog('Interaction.SignIn.Submit', now - 50_000 + i);
    tenant.state.beforeLogsPage = (page) => {
      if (page === 15) tail.child.kill('SIGINT');
    };
    const tail = startCli(['logs', 'tail', '--follow', '--since', '1m', '-o', 'ndjson']);
    expect(await tail.exited).toBe(130);
    const out = tail.stdout();
    expect(out === '' || out.endsWith('\n')).toBe(true);
    for (const line of out.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('on a terminal-less pipe without -o prints NDJSON; the newest N with --lines; capped totals warn', async () => {
    const now = Date.now();
    for (let i = 0; i < 30; i++) tenant.addLog('Interaction.SignIn.Submit', now - 1000 + i, { userId: `u${i}` });
    const latest = await run(['logs', 'tail', '--lines', '3']);
    expect(lines(latest.stdout).map((entry) => entry.payload.userId)).toEqual(['u27', 'u28', 'u29']);
    tenant.state.capAt = 10;
    const capped = await run(['logs', 'tail', '--since', '1m']);
    expect(lines(capped.stdout)).toHaveLength(30);
    expect(capped.stderr).toBe('warning: more than 10,000 entries match: reading them all; narrow with --since or a filter\n');
  });

  it('bad input is one line and exit 2; logs get shows one entry or the 404', async () => {
    expect(await run(['logs', 'tail', '--since', 'yesterday'])).toMatchObject({ code: 2, stderr: 'Error: --since expects a duration (30s, 10m, 2h, 7d), an ISO timestamp or epoch milliseconds, got "yesterday"\n' });
    expect(await run(['logs', 'tail', '-o', 'table'])).toMatchObject({ code: 2 });
    const entry = tenant.addLog('Interaction.SignIn.Submit', Date.now(), { ip: '10.1.2.3' });
    const got = await run(['logs', 'get', entry.id, '--query', 'payload.ip']);
    expect(got).toMatchObject({ code: 0, stdout: '"10.1.2.3"\n' });
    const missing = await run(['logs', 'get', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('Error: HTTP 404 Not Found: entity.not_exists_with_id: The log with the given ID does not exist.\n');
  });
});

describe('hooks listen', () => {
  const listening = (cli: ReturnType<typeof startCli>) => cli.waitFor('the listener', () => /Listening on (\S+) .*temporary webhook (\S+) points at/.test(cli.stderr()));
  const registered = (cli: ReturnType<typeof startCli>) => {
    const [, listener, hookId] = /Listening on (\S+) .*temporary webhook (\S+) points at/.exec(cli.stderr())!;
    return { listener, hook: tenant.state.hooks.get(hookId)! };
  };

  it('verifies, prints and forwards a good delivery; refuses a bad signature; deletes the hook on Ctrl-C', async () => {
    target.reply(() => ({ status: 202, body: { handled: true } }));
    const cli = startCli(['hooks', 'listen', '--events', 'User.Created,PostSignIn', '--forward-to', `${target.url}/webhook?src=logto`]);
    await listening(cli);
    const { listener, hook } = registered(cli);
    expect(hook).toMatchObject({ events: ['User.Created', 'PostSignIn'], config: { url: listener }, enabled: true });
    expect(hook.name).toMatch(/^logto-cli listen [0-9a-f]{8} \(temporary, .+ pid \d+\)$/);

    // A real event: Logto signs it with the hook's key; the listener prints it and forwards it as it came.
    const [delivery] = await tenant.fire('PostSignIn', { userId: 'u_42', sessionId: 's1' });
    expect(delivery.status).toBe(202);
    expect(target.requests).toHaveLength(1);
    const forwarded = target.requests[0];
    expect(forwarded.url).toBe('/webhook?src=logto');
    expect(forwarded.headers['user-agent']).toBe('Logto (https://logto.io/)');
    expect(forwarded.headers['logto-signature-sha-256']).toBe(tenant.sign(hook.signingKey, forwarded.body));
    expect(forwarded.json).toMatchObject({ event: 'PostSignIn', userId: 'u_42', hookId: hook.id });
    await cli.waitFor('the printed delivery', () => cli.stdout().includes('\n'));
    const printed = JSON.parse(cli.stdout()) as Record<string, unknown>;
    expect(printed).toMatchObject({ event: 'PostSignIn', hookId: hook.id, forward: { url: `${target.url}/webhook?src=logto`, status: 202 }, payload: forwarded.json as object });
    // Logto recorded the local endpoint's own answer.
    const deliveries = await run(['hooks', 'deliveries', hook.id]);
    expect(deliveries.code).toBe(0);
    expect(JSON.parse(deliveries.stdout)).toEqual([expect.objectContaining({ event: 'PostSignIn', result: 'Success', status: 202, error: null })]);

    // A forged delivery: refused with 401, reported on stderr, neither printed nor forwarded.
    const body = JSON.stringify({ event: 'User.Created', hookId: hook.id, data: { id: 'u_evil' } });
    const forged = await fetch(listener, { method: 'POST', headers: { 'content-type': 'application/json', 'logto-signature-sha-256': tenant.sign('not-the-key', body) }, body });
    expect(forged.status).toBe(401);
    const unsigned = await fetch(listener, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    await cli.waitFor('the refusals', () => (cli.stderr().match(/refused a delivery/g) ?? []).length === 2);
    expect(cli.stderr()).toContain("warning: refused a delivery of User.Created from 127.0.0.1 with a signature that does not match the hook's signing key\n");
    expect(cli.stderr()).toContain('warning: refused a delivery of User.Created from 127.0.0.1 with no logto-signature-sha-256 header\n');
    expect(target.requests).toHaveLength(1);
    expect(cli.stdout().split('\n').filter(Boolean)).toHaveLength(1);

    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(130);
    expect(cli.stderr()).toContain(`Deleted temporary webhook ${hook.id}.\n`);
    expect(tenant.state.hooks.size).toBe(0);
    expect(server.requests.some((request) => request.method === 'DELETE' && request.pathname === `/api/hooks/${hook.id}`)).toBe(true);
    expect(cli.stderr() + cli.stdout()).not.toContain(hook.signingKey);
  });

  it('deletes the hook on SIGTERM (exit 143), and relays the endpoint failing as Logto would see it', async () => {
    target.reply(() => ({ status: 500, body: 'boom' }));
    const cli = startCli(['hooks', 'listen', '--events', 'User.Created', '--forward-to', target.url]);
    await listening(cli);
    const { hook } = registered(cli);
    const [delivery] = await tenant.fire('User.Created', { data: { id: 'u1' } });
    expect(delivery.status).toBe(500);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(143);
    expect(tenant.state.hooks.has(hook.id)).toBe(false);
    expect(cli.stderr()).toMatch(/Deleted temporary webhook \S+\.\nError: terminated\n$/);
  });

  it('deletes the hook when its output is closed (| head -1)', async () => {
    const cli = startCli(['hooks', 'listen', '--events', 'User.Created', '-o', 'ndjson']);
    await listening(cli);
    const { hook } = registered(cli);
    cli.child.stdout.destroy();
    await tenant.fire('User.Created', { data: { id: 'u1' } });
    expect(await cli.exited).toBe(143);
    expect(tenant.state.hooks.has(hook.id)).toBe(false);
    expect(cli.stderr()).toMatch(/Deleted temporary webhook \S+\.\nError: stdout was closed\n$/);
  });

  it("removes hooks left by listeners that are gone, and keeps a live listener's hook", async () => {
    const first = startCli(['hooks', 'listen', '--events', 'User.Created']);
    await listening(first);
    const live = registered(first).hook;
    // A hook whose listener died without cleaning up, and somebody else's hook.
    tenant.state.hooks.set('stale1', { ...live, id: 'stale1', name: 'logto-cli listen 0badc0de (temporary, gone pid 1)', config: { url: 'http://127.0.0.1:9/' } });
    tenant.state.hooks.set('theirs', { ...live, id: 'theirs', name: 'Production CRM sync', config: { url: 'http://127.0.0.1:9/' } });
    const second = startCli(['hooks', 'listen', '--events', 'PostRegister']);
    await listening(second);
    expect(second.stderr()).toContain('Removed 1 temporary webhook left by listeners that are gone: stale1\n');
    expect([...tenant.state.hooks.keys()].sort()).toEqual([live.id, registered(second).hook.id, 'theirs'].sort());
    first.child.kill('SIGINT');
    second.child.kill('SIGINT');
    expect(await first.exited).toBe(130);
    expect(await second.exited).toBe(130);
    expect([...tenant.state.hooks.keys()]).toEqual(['theirs']);
  });

  it('hooks trigger sends a signed test delivery; a failing endpoint exits 1', async () => {
    const hook = (await run(['api', 'POST', '/api/hooks', '-f', 'name=crm', '-F', 'events=["User.Created"]', '-f', `config.url=${target.url}/hook`])).stdout;
    const { id, signingKey } = JSON.parse(hook) as { id: string; signingKey: string };
    target.reply(() => ({ status: 204 }));
    const sent = await run(['hooks', 'trigger', id, '--event', 'User.Created']);
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toEqual({ hookId: id, events: ['User.Created'], url: `${target.url}/hook`, delivered: true });
    expect(target.requests[0].headers['logto-signature-sha-256']).toBe(tenant.sign(signingKey, target.requests[0].body));
    target.reply(() => ({ status: 503, body: 'down' }));
    const failed = await run(['hooks', 'trigger', id, '--event', 'User.Created']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe('Error: HTTP 422 Unprocessable Entity: hook.endpoint_responded_with_error: The endpoint responded with an error.\n');
    expect(await run(['hooks', 'trigger', id, '--event', 'User.Create'])).toMatchObject({ code: 2, stderr: 'Error: unknown event "User.Create" for --event (did you mean User.Created?)\n' });
  });

  it('registers --public-url, listening on --port', async () => {
    const probe = await startServer();
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const publicUrl = `http://localhost:${port}/logto-hooks`;
    const cli = startCli(['hooks', 'listen', '--events', 'User.Created', '--port', String(port), '--public-url', publicUrl, '-o', 'ndjson']);
    await listening(cli);
    expect(registered(cli).listener).toBe(`http://127.0.0.1:${port}/`);
    expect(registered(cli).hook.config.url).toBe(publicUrl);
    const [delivery] = await tenant.fire('User.Created', { data: { id: 'u7' } });
    expect(delivery.status).toBe(200);
    await cli.waitFor('the delivery', () => cli.stdout().includes('\n'));
    expect(JSON.parse(cli.stdout())).toMatchObject({ event: 'User.Created', payload: { data: { id: 'u7' } } });
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(130);
  });

  it('refuses a non-loopback server without --public-url, before registering anything', async () => {
    const result = await runCli(['hooks', 'listen', '--events', 'User.Created', '--endpoint', 'https://tenant1.logto.app'], { env: { ...env, LOGTO_PROFILE: profile } });
    expect(result).toMatchObject({ code: 2, stderr: "Error: https://tenant1.logto.app cannot reach a listener on this machine's loopback: pass --public-url (a tunnel to --port)\n" });
  });
});

describe('test user', () => {
  it('--ephemeral creates the user with its roles, signs it in through the experience, prints the tokens and deletes it', async () => {
    const result = await run(['test', 'user', '--client-id', NATIVE.id, '--redirect-uri', NATIVE.redirectUri, '--roles', 'editor', '--ephemeral']);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { user: { id: string; username: string; roles: string[] }; access_token: string; refresh_token: string; id_token: string; ephemeral: boolean };
    expect(printed.user).toMatchObject({ username: expect.stringMatching(/^test_[0-9a-f]{10}$/), roles: ['editor'] });
    expect(printed).toMatchObject({ ephemeral: true, access_token: expect.stringMatching(/^user-token-/), refresh_token: expect.stringMatching(/^refresh-token-/) });
    expect(JSON.parse(Buffer.from(printed.id_token.split('.')[1], 'base64url').toString())).toEqual({ sub: printed.user.id, username: printed.user.username });

    const calls = server.requests.map((request) => `${request.method} ${request.pathname}`);
    const created = server.requests.find((request) => request.method === 'POST' && request.pathname === '/api/users')!;
    expect((created.json as { username: string }).username).toBe(printed.user.username);
    expect(server.requests.find((request) => request.pathname === `/api/users/${printed.user.id}/roles`)?.json).toEqual({ roleIds: ['role-editor'] });
    const order = ['POST /api/users', 'GET /oidc/auth', 'PUT /api/experience', 'POST /api/experience/verification/password', 'POST /api/experience/identification', 'POST /api/experience/submit', 'POST /oidc/token', `DELETE /api/users/${printed.user.id}`];
    expect(calls.filter((call) => order.includes(call))).toEqual(order);
    expect(tenant.state.users.has(printed.user.id)).toBe(false);
    expect(result.stderr).toBe(`Deleted the ephemeral test user ${printed.user.username} (${printed.user.id}).\n`);
    // The generated password is never shown.
    const password = (created.json as { password: string }).password;
    expect(result.stdout + result.stderr).not.toContain(password);
  });

  it('keeps the user without --ephemeral, takes the password from stdin, and deletes a user whose sign-in fails', async () => {
    const kept = await run(['test', 'user', '--client-id', NATIVE.id, '--redirect-uri', NATIVE.redirectUri, '--username', 'qa_bob', '--password-stdin'], 'bob-PASSWORD-1\n');
    expect(kept.code).toBe(0);
    const { user } = JSON.parse(kept.stdout) as { user: { id: string } };
    expect(tenant.state.users.get(user.id)).toMatchObject({ username: 'qa_bob' });
    expect(server.users.get('qa_bob')?.password).toBe('bob-PASSWORD-1');

    const failed = await run(['test', 'user', '--client-id', 'not-a-native-app', '--redirect-uri', NATIVE.redirectUri]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^Deleted the test user test_[0-9a-f]{10} \(\w+\)\.\nError: the authorization request was refused: invalid_redirect_uri\n$/);
    expect(tenant.state.users.size).toBe(1);
    expect(await run(['test', 'user', '--client-id', NATIVE.id, '--redirect-uri', NATIVE.redirectUri, '--roles', 'robot'])).toMatchObject({
      code: 2,
      stderr: 'Error: role "robot" is a MachineToMachine role, not a user role\n',
    });
  });
});

describe('test token', () => {
  beforeEach(() => {
    server.settings.resources = { 'https://api.example.test': ['read:orders'] };
  });

  it('--expect: a true claim exits 0, a false one exits 1, a bad expression exits 2', async () => {
    const granted = await run(['test', 'token', '--resource', 'https://api.example.test', '--scope', 'read:orders write:orders', '--expect', "contains(scope, 'read:orders')"]);
    expect(granted.code).toBe(0);
    expect(JSON.parse(granted.stdout)).toMatchObject({ sub: M2M.id, aud: 'https://api.example.test', scope: 'read:orders' });
    expect(granted.stderr).toBe("Expectation met: contains(scope, 'read:orders')\n");
    const request = server.tokenRequests('client_credentials').at(-1)!;
    expect(Object.fromEntries(new URLSearchParams(request.body))).toMatchObject({ resource: 'https://api.example.test', scope: 'read:orders write:orders' });

    const denied = await run(['test', 'token', '--resource', 'https://api.example.test', '--scope', 'read:orders write:orders', '--expect', "contains(scope, 'write:orders')"]);
    expect(denied.code).toBe(1);
    expect(JSON.parse(denied.stdout)).toMatchObject({ scope: 'read:orders' });
    expect(denied.stderr).toBe("Error: expectation not met: contains(scope, 'write:orders') is false\n");

    const bad = await run(['test', 'token', '--resource', 'https://api.example.test', '--expect', 'scope ==']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^Error: invalid --expect at position/);
    expect(server.tokenRequests('client_credentials')).toHaveLength(2);
  });

  it("a signed-in user's ID token claims, a resource token from the refresh token, and a token from stdin", async () => {
    const userEnv = { ...env, LOGTO_PROFILE: `${profile}-user` };
    const login = await runCli(['auth', 'login', '--password', '--client-id', NATIVE.id, '--redirect-uri', NATIVE.redirectUri, '--username', USER.username, '--password-stdin', '--insecure-storage', '--endpoint', server.url], { stdin: USER.password, env: userEnv });
    expect(login.code).toBe(0);
    const idClaims = await runCli(['test', 'token', '--expect', `sub == '${USER.id}'`], { env: userEnv });
    expect(idClaims).toMatchObject({ code: 0 });
    expect(JSON.parse(idClaims.stdout)).toEqual({ sub: USER.id, username: USER.username });
    const resource = await runCli(['test', 'token', '--resource', 'https://api.example.test', '--scope', 'read:orders', '--expect', 'aud'], { env: userEnv });
    expect(resource.code).toBe(0);
    expect(JSON.parse(resource.stdout)).toMatchObject({ sub: USER.id, aud: 'https://api.example.test', client_id: NATIVE.id });
    // The refresh token rotated twice and the profile still works.
    expect(await runCli(['my-account', 'get-profile'], { env: userEnv })).toMatchObject({ code: 0 });

    const token = `${Buffer.from('{"alg":"ES384"}').toString('base64url')}.${Buffer.from('{"iat":1,"exp":2}').toString('base64url')}.sig`;
    const piped = await run(['test', 'token', '--token-stdin', '--expect', 'exp > iat'], `${token}\n`);
    expect(piped).toMatchObject({ code: 0, stdout: '{"iat":1,"exp":2}\n' });
    // -q applies to what is printed, as everywhere.
    expect(await run(['test', 'token', '--token-stdin', '-q', 'exp'], `${token}\n`)).toMatchObject({ code: 0, stdout: '2\n' });
    const opaque = await run(['test', 'token', '--token-stdin'], 'opaque-token\n');
    expect(opaque).toMatchObject({ code: 2, stderr: 'Error: the token read from stdin is opaque (not a JWT), so it has no claims to show: pass --resource for a JWT access token\n' });
  });
});

describe('webhook events', () => {
  it("match the events of Logto's OpenAPI document", async () => {
    const { HOOK_EVENTS } = await import('../src/webhooks/events');
    const management = JSON.parse(readFileSync(join(ROOT, '..', 'shared', 'logto-openapi', 'management.json'), 'utf8')) as {
      paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: { properties: { events: { items: { enum: string[] } } } } }> } }>>;
    };
    expect(HOOK_EVENTS).toEqual(management.paths['/api/hooks'].post.requestBody.content['application/json'].schema.properties.events.items.enum);
  });
});

describe('beside the synced Management API', () => {
  it('hooks keeps its hand-written commands next to the generated ones; logs stays a topic beside audit-logs', async () => {
    const synced = { ...env, LOGTO_PROFILE: profile, XDG_DATA_HOME: mkdtempSync(join(tmpdir(), 'logto-live-data-')) };
    const management = join(ROOT, '..', 'shared', 'logto-openapi', 'management.json');
    expect((await runCli(['specs', 'sync', '--from-file', management], { env: synced })).code).toBe(0);

    const help = await runCli(['hooks', '--help'], { env: synced });
    expect(help.stdout).toMatch(/COMMANDS \(hand-written\)\n  deliveries +List a hook's recent deliveries[^\n]*\n  listen +Receive webhook deliveries[^\n]*\n  trigger +[^\n]+\n/);
    expect(help.stdout).toMatch(/\n  list-hooks +Get hooks +\(GET \/api\/hooks\)/);
    expect((await runCli(['hooks', 'listen', '--help'], { env: synced })).stdout).toContain('$ logto hooks listen [flags]');
    const listed = await runCli(['hooks', 'list-hooks'], { env: synced });
    expect(listed).toMatchObject({ code: 0, stdout: '[]\n' });

    const root = await runCli(['--help'], { env: synced });
    expect(root.stdout).toMatch(/\n  audit-logs +Audit logs \(2 commands\)/);
    expect(root.stdout).toMatch(/\n  logs tail +/);
    expect((await runCli(['logs', '--help'], { env: synced })).stdout).toContain('  tail  ');
    expect((await runCli(['audit-logs', 'get-log', '--id', 'nope'], { env: synced })).stderr).toBe('Error: HTTP 404 Not Found: entity.not_exists_with_id: The log with the given ID does not exist.\n');
  });
});

describe('on a terminal', () => {
  it('logs tail prints one readable line per entry: time, key, result, user, app, IP', async () => {
    const at = new Date(2026, 11, 2, 6, 31, 2).getTime();
    tenant.addLog('Interaction.SignIn.Submit', at, { userId: 'u_1', applicationId: 'app_1', ip: '10.0.0.7' });
    tenant.addLog('ExchangeTokenBy.RefreshToken', at + 1000, { result: 'Error', applicationId: 'app_2' });
    const result = await runInTerminal(['logs', 'tail', '--since', String(at - 1)], { env: { ...env, LOGTO_PROFILE: profile, NO_COLOR: '1' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      '2026-12-02 06:31:02  Interaction.SignIn.Submit  Success  user=u_1  app=app_1  ip=10.0.0.7\n' +
        '2026-12-02 06:31:03  ExchangeTokenBy.RefreshToken  Error    user=-  app=app_2  ip=-\n',
    );
  });
});
