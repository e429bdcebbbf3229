// Nothing lost, nothing left broken (issue 10, items 2, 7 and 17): parallel logins and
// refreshes against one config.yaml and one secrets file, a lock holder killed with -9,
// short-lived tokens, and config rewrites that keep what the user wrote.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, ROOT, runCli } from './helpers/cli';
import { M2M, startLogtoServer, type LogtoServer } from './helpers/logto-server';

let server: LogtoServer;
beforeAll(async () => {
  server = await startLogtoServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  Object.assign(server.settings, { m2mExpiresIn: 3600, tokenDelayMs: 0 });
});

/** One machine (shared XDG directories), secrets in the 0600 file: the read-modify-write paths under test. */
function machine() {
  const env = cleanEnv({ LOGTO_PROFILE: undefined });
  const run = (args: string[], stdin?: string) => runCli(args, { env, stdin });
  const login = (profile: string) =>
    run(['auth', 'login', '--m2m', '--client-id', M2M.id, '--client-secret-stdin', '--endpoint', server.url, '--insecure-storage', '--no-sync', '--profile', profile], M2M.secret);
  const secrets = () => JSON.parse(readFileSync(join(env.XDG_STATE_HOME, 'logto', 'secrets.json'), 'utf8')) as Record<string, string>;
  const configText = () => readFileSync(join(env.XDG_CONFIG_HOME, 'logto', 'config.yaml'), 'utf8');
  return { env, run, login, secrets, configText };
}

const profiles = Array.from({ length: 20 }, (_, i) => `p${i}`);
const listTokens = (m: ReturnType<typeof machine>, profile: string) => m.run(['one-time-tokens', 'get-one-time-tokens', '--profile', profile]);

describe('parallel writers', () => {
  it('20 parallel logins to different profiles keep all 20, in config.yaml and in the secrets file; 20 parallel refreshes keep all 20 tokens', async () => {
    const m = machine();
    server.settings.m2mExpiresIn = 0; // stored already expired: the next call of each profile refreshes
    const logins = await Promise.all(profiles.map((profile) => m.login(profile)));
    expect(logins.map((result) => result.code)).toEqual(profiles.map(() => 0));
    const listed = JSON.parse((await m.run(['auth', 'list', '-o', 'json'])).stdout) as { profile: string; m2m: string }[];
    expect(listed.map((row) => row.profile).sort()).toEqual([...profiles].sort());
    expect(listed.every((row) => row.m2m === M2M.id)).toBe(true);
    const stored = m.secrets();
    for (const profile of profiles) expect(stored[`${profile}:client-secret`]).toBe(M2M.secret);

    server.settings.m2mExpiresIn = 3600;
    server.requests.length = 0;
    const refreshed = await Promise.all(profiles.map((profile) => listTokens(m, profile)));
    expect(refreshed.map((result) => result.code)).toEqual(profiles.map(() => 0));
    expect(server.tokenRequests('client_credentials')).toHaveLength(20);
    const tokens = m.secrets();
    for (const profile of profiles) expect(JSON.parse(tokens[`${profile}:token:management`]).expiresAt).toBeGreaterThan(Date.now() + 3_000_000);
    // Every refreshed token was kept: another round asks for none.
    server.requests.length = 0;
    await Promise.all(profiles.slice(0, 5).map((profile) => listTokens(m, profile)));
    expect(server.tokenRequests()).toHaveLength(0);
  }, 240_000);
});

describe('the refresh lock', () => {
  it('a holder killed with -9 mid-refresh is detected at once: the next run refreshes without waiting', async () => {
    const m = machine();
    server.settings.m2mExpiresIn = 0;
    expect((await m.login('killed')).code).toBe(0);
    server.settings.m2mExpiresIn = 3600;
    server.settings.tokenDelayMs = 120_000; // the holder's token request never comes back in time
    server.requests.length = 0;
    const holder = spawn(process.execPath, [BIN, 'one-time-tokens', 'get-one-time-tokens', '--profile', 'killed'], { cwd: ROOT, env: m.env, stdio: 'ignore' });
    const deadline = Date.now() + 60_000;
    while (server.tokenRequests().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.tokenRequests()).toHaveLength(1);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('close', resolve));

    server.settings.tokenDelayMs = 0;
    const started = Date.now();
    const next = await listTokens(m, 'killed');
    expect(next).toMatchObject({ code: 0, stderr: '' });
    // The old lock waited 20 s for a stale file; a dead PID is seen at once (the margin is for a loaded machine).
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(server.tokenRequests()).toHaveLength(2);
  }, 120_000);

  it('parallel runs wait for a slow live holder instead of failing or asking twice', async () => {
    const m = machine();
    server.settings.m2mExpiresIn = 0;
    expect((await m.login('slow')).code).toBe(0);
    server.settings.m2mExpiresIn = 3600;
    server.settings.tokenDelayMs = 4_000;
    server.requests.length = 0;
    const results = await Promise.all(Array.from({ length: 5 }, () => listTokens(m, 'slow')));
    expect(results.map((result) => result.code)).toEqual([0, 0, 0, 0, 0]);
    expect(server.tokenRequests()).toHaveLength(1);
  }, 120_000);

  it('a token living 30 s is cached and used: parallel calls ask for no new one', async () => {
    const m = machine();
    server.settings.m2mExpiresIn = 30;
    expect((await m.login('short')).code).toBe(0);
    server.requests.length = 0;
    const results = await Promise.all(Array.from({ length: 10 }, () => listTokens(m, 'short')));
    expect(results.map((result) => result.code)).toEqual(Array(10).fill(0));
    expect(server.tokenRequests()).toHaveLength(0);
  }, 120_000);
});

describe('config.yaml rewrites', () => {
  const seed = (m: ReturnType<typeof machine>, text: string) => {
    mkdirSync(join(m.env.XDG_CONFIG_HOME, 'logto'), { recursive: true });
    writeFileSync(join(m.env.XDG_CONFIG_HOME, 'logto', 'config.yaml'), text);
  };

  it('keep comments and unknown keys', async () => {
    const m = machine();
    seed(m, ['# my Logto tenants', 'profiles:', '  work: # the company tenant', `    endpoint: ${server.url} # self-hosted`, '    team: identity', 'editor: vim', ''].join('\n'));
    expect(await m.run(['config', 'set', 'client-id', 'app_1', '--profile', 'work'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await m.login('home')).code).toBe(0);
    const text = m.configText();
    for (const kept of ['# my Logto tenants', '# the company tenant', `endpoint: ${server.url} # self-hosted`, 'team: identity', 'editor: vim', 'client-id: app_1', 'home:', `m2m-client-id: ${M2M.id}`]) {
      expect(text).toContain(kept);
    }
  }, 60_000);

  it.each([
    ['profiles: [1, 2]\n', 'key "profiles" must be a mapping of profile names to settings, found a list'],
    ['profiles: 5\n', 'key "profiles" must be a mapping of profile names to settings, found the number 5'],
    ['profiles:\n  work: [a]\n', 'key "profiles.work" must be a mapping of settings, found a list'],
    ['profiles:\n  work:\n    endpoint: {a: 1}\n', 'key "profiles.work.endpoint" must be a text value, found a mapping'],
    ['- a\n- b\n', 'the document must be a mapping with a "profiles" key, found a list'],
  ])('a config of the wrong shape (%j) is exit 2 naming the file, the key and what was expected, and is never overwritten', async (text, message) => {
    const m = machine();
    seed(m, text);
    const file = join(m.env.XDG_CONFIG_HOME, 'logto', 'config.yaml');
    const expected = `Error: ${file}: ${message}; fix or remove the file\n`;
    expect(await m.run(['config', 'set', 'endpoint', server.url, '--profile', 'work'])).toEqual({ code: 2, stdout: '', stderr: expected });
    expect(await m.run(['config', 'list', '--all'])).toEqual({ code: 2, stdout: '', stderr: expected });
    const login = await m.login('work');
    expect(login).toMatchObject({ code: 2, stdout: '' });
    expect(login.stderr.endsWith(expected)).toBe(true);
    expect(m.configText()).toBe(text);
  }, 60_000);
});
