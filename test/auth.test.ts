// Credentials end to end: a real Secret Service (gnome-keyring in the test D-Bus
// session), a Logto stand-in on 127.0.0.1, and the built CLI as a child process.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv, runCli, runInteractive } from './helpers/cli';
import { M2M, NATIVE, PAT, USER, startLogtoServer, type LogtoServer } from './helpers/logto-server';

let server: LogtoServer;
beforeAll(async () => {
  server = await startLogtoServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  Object.assign(server.settings, { m2mExpiresIn: 3600, userExpiresIn: 3600, refreshAllowed: true, deviceAnswers: [], accountCenterEnabled: true });
});

/** A fresh user: private XDG directories, no LOGTO_* variables, the test keyring's bus. */
function user() {
  const env = cleanEnv();
  const profile = `p${Math.random().toString(36).slice(2, 10)}`;
  const run = (args: string[], options: { stdin?: string; env?: Record<string, string | undefined> } = {}) =>
    runCli(args, { stdin: options.stdin, env: { ...env, LOGTO_PROFILE: profile, ...options.env } });
  const keyring = () => spawnSync('secret-tool', ['search', '--all', 'service', 'logto-cli'], { env, encoding: 'utf8' }).stdout;
  /** Every file the CLI wrote under the user's config, state and cache directories, concatenated. */
  const filesOnDisk = () => {
    const out: string[] = [];
    const walk = (dir: string) => {
      if (!existsSync(dir)) return;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else out.push(readFileSync(path, 'utf8'));
      }
    };
    for (const dir of [env.XDG_CONFIG_HOME, env.XDG_STATE_HOME, env.XDG_CACHE_HOME]) walk(dir);
    return out.join('\n');
  };
  return { env, profile, run, keyring, filesOnDisk };
}

const m2mLogin = (u: ReturnType<typeof user>, extra: string[] = []) =>
  u.run(['auth', 'login', '--m2m', '--client-id', M2M.id, '--client-secret-stdin', '--endpoint', server.url, ...extra], { stdin: `${M2M.secret}\n` });
const passwordLogin = (u: ReturnType<typeof user>) =>
  u.run(['auth', 'login', '--password', '--client-id', NATIVE.id, '--redirect-uri', NATIVE.redirectUri, '--username', USER.username, '--password-stdin', '--endpoint', server.url], {
    stdin: USER.password,
  });

describe('machine-to-machine', () => {
  it('verifies the secret, keeps it in the keychain only, and uses the cached token', async () => {
    const u = user();
    const login = await m2mLogin(u);
    expect(login.stderr).toContain(`Signed in to ${server.url}/ as profile ${u.profile} (m2m).`);
    expect(login.code).toBe(0);
    const [tokenRequest] = server.tokenRequests('client_credentials');
    expect(tokenRequest.headers.authorization).toBe(`Basic ${Buffer.from(`${M2M.id}:${M2M.secret}`).toString('base64')}`);
    expect(new URLSearchParams(tokenRequest.body).get('resource')).toBe('https://default.logto.app/api');
    expect(new URLSearchParams(tokenRequest.body).get('scope')).toBe('all');

    expect(u.keyring()).toContain(`${u.profile}:client-secret`);
    expect(u.keyring()).toContain(M2M.secret);
    expect(u.filesOnDisk()).toContain(`m2m-client-id: ${M2M.id}`);
    expect(u.filesOnDisk()).not.toContain(M2M.secret);
    expect(login.stdout + login.stderr).not.toContain(M2M.secret);

    const list = await u.run(['one-time-tokens', 'get-one-time-tokens']);
    expect(list).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(list.stdout)).toEqual([{ id: 'ott-1', email: 'a@b.co', status: 'active' }]);
    expect(server.tokenRequests()).toHaveLength(1);

    const status = await u.run(['auth', 'status', '-o', 'json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ profile: u.profile, endpoint: server.url, storage: 'keychain', m2m: { clientId: M2M.id, clientSecret: 'stored' }, user: null });
    expect(status.stdout).not.toContain(M2M.secret);
    expect(status.stdout).not.toMatch(/mgmt-token-/);

    const token = await u.run(['auth', 'token']);
    expect(token.stdout).toMatch(/^mgmt-token-\d+\n$/);
  });

  it('interactive login on a terminal asks for the endpoint, method, client id and a hidden secret', async () => {
    const u = user();
    const result = await runInteractive(
      ['auth', 'login'],
      [
        [/tenant id or self-hosted URL/, `${server.url}\r`],
        [/How do you want to sign in\?/, '\r'],
        [/Machine-to-machine app ID/, `${M2M.id}\r`],
        [/Client secret/, `${M2M.secret}\r`],
        [/Import the whole API now/, 'n\r'],
      ],
      { env: { ...u.env, LOGTO_PROFILE: u.profile } },
    );
    expect(result.stderr).toBe('answered 5 of 5 prompts');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Signed in to ${server.url}/ as profile ${u.profile} (m2m).`);
    expect(result.stdout).not.toContain(M2M.secret);
    expect(u.keyring()).toContain(M2M.secret);
  });

  it('refuses a wrong secret before saving anything', async () => {
    const u = user();
    const login = await u.run(['auth', 'login', '--m2m', '--client-id', M2M.id, '--client-secret-stdin', '--endpoint', server.url], { stdin: 'wrong' });
    expect(login).toMatchObject({ code: 3, stdout: '' });
    expect(login.stderr).toBe('Error: requesting a Management API token failed: invalid_client: client authentication failed\n');
    expect(u.keyring()).not.toContain(`${u.profile}:`);
  });

  it('20 parallel invocations sharing one expired token make exactly one token request', async () => {
    const u = user();
    server.settings.m2mExpiresIn = 0; // expired when stored
    expect((await m2mLogin(u)).code).toBe(0);
    server.settings.m2mExpiresIn = 3600;
    server.requests.length = 0;
    const results = await Promise.all(Array.from({ length: 20 }, () => u.run(['one-time-tokens', 'get-one-time-tokens'])));
    expect(results.map((result) => result.code)).toEqual(Array(20).fill(0));
    expect(server.tokenRequests()).toHaveLength(1);
    expect(server.requests.filter((request) => request.pathname === '/api/one-time-tokens')).toHaveLength(20);
  }, 120_000); // 20 processes at once: minutes on a loaded 2-core machine

  it('a static token always wins over the profile', async () => {
    const u = user();
    await m2mLogin(u);
    server.requests.length = 0;
    const result = await u.run(['one-time-tokens', 'get-one-time-tokens'], { env: { LOGTO_API_KEY: 'static-one' } });
    expect(result.code).toBe(1);
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer static-one');
    expect(server.tokenRequests()).toHaveLength(0);
  });

  it('logout removes the keychain entries and the profile', async () => {
    const u = user();
    await m2mLogin(u);
    const logout = await u.run(['auth', 'logout']);
    expect(logout).toEqual({ code: 0, stdout: '', stderr: `Logged out of profile ${u.profile}.\n` });
    expect(u.keyring()).not.toContain(`${u.profile}:`);
    const status = await u.run(['auth', 'status']);
    expect(status.code).toBe(3);
    expect(status.stderr).toBe(`Error: profile ${u.profile} is not signed in: run logto auth login --m2m --profile ${u.profile} and/or logto auth login --password --profile ${u.profile}\n`);
  });
});

describe('user sign-in for my-account', () => {
  it('--password signs in headlessly through the Experience API, then my-account works', async () => {
    const u = user();
    const login = await passwordLogin(u);
    expect(login.stderr).toBe(`Signed in to ${server.url}/ as profile ${u.profile} (password).\n`);
    expect(login.code).toBe(0);
    expect(server.requests.map((request) => `${request.method} ${request.pathname}`)).toEqual([
      'GET /oidc/auth',
      'PUT /api/experience',
      'POST /api/experience/verification/password',
      'POST /api/experience/identification',
      'POST /api/experience/submit',
      expect.stringMatching(/^GET \/oidc\/auth\/uid-\d+$/),
      'GET /consent',
      expect.stringMatching(/^GET \/oidc\/auth\/uid-\d+$/),
      'POST /oidc/token',
    ]);
    const auth = server.requests[0].query as Record<string, string>;
    expect(auth).toMatchObject({ client_id: NATIVE.id, redirect_uri: NATIVE.redirectUri, response_type: 'code', code_challenge_method: 'S256', prompt: 'consent' });
    expect(server.requests[1].headers.cookie).toMatch(/_interaction=uid-\d+/);
    expect(server.requests[2].json).toEqual({ identifier: { type: 'username', value: USER.username }, password: USER.password });
    expect(new URLSearchParams(server.requests[8].body).get('code_verifier')).toMatch(/^[\w-]{43}$/);

    expect(u.keyring()).toContain(`${u.profile}:refresh-token`);
    expect(u.filesOnDisk()).not.toContain(USER.password);
    expect(login.stdout).not.toContain('user-token');

    const profile = await u.run(['my-account', 'get-profile']);
    expect(profile).toEqual({ code: 0, stdout: `{"id":"${USER.id}","username":"${USER.username}"}\n`, stderr: '' });
  });

  it('refreshes an expired user token once, and names the fix when it cannot', async () => {
    const u = user();
    server.settings.userExpiresIn = 0; // expired when stored
    await passwordLogin(u);
    server.settings.userExpiresIn = 3600;
    server.requests.length = 0;
    expect((await u.run(['my-account', 'get-profile'])).code).toBe(0);
    expect(server.tokenRequests('refresh_token')).toHaveLength(1);
    expect(server.tokenRequests('refresh_token')[0].body).toContain(`client_id=${NATIVE.id}`);

    const v = user();
    server.settings.userExpiresIn = 0;
    await passwordLogin(v);
    server.settings.refreshAllowed = false;
    const expired = await v.run(['my-account', 'get-profile']);
    expect(expired.code).toBe(3);
    expect(expired.stderr).toBe(
      `Error: the session of profile ${v.profile} has expired and cannot be refreshed: run logto auth login --password --profile ${v.profile} (refreshing the session failed: invalid_grant: grant request is invalid)\n`,
    );
  });

  it('--device polls through pending and slow_down answers', async () => {
    const u = user();
    server.settings.deviceAnswers = ['authorization_pending', 'slow_down', 'authorization_pending'];
    const started = Date.now();
    const login = await u.run(['auth', 'login', '--device', '--client-id', NATIVE.id, '--endpoint', server.url]);
    expect(login.stderr).toContain(`Open ${server.url}/device and enter the code WDJB-MJHT\n`);
    expect(login.code).toBe(0);
    expect(server.tokenRequests('urn:ietf:params:oauth:grant-type:device_code')).toHaveLength(4);
    // The server's interval is 0; slow_down adds five seconds before the next poll.
    expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
    expect((await u.run(['my-account', 'get-profile'])).code).toBe(0);
  }, 30_000);

  it('--device stops on expired_token with exit 3', async () => {
    const u = user();
    server.settings.deviceAnswers = ['authorization_pending', 'expired_token'];
    const login = await u.run(['auth', 'login', '--device', '--client-id', NATIVE.id, '--endpoint', server.url]);
    expect(login.code).toBe(3);
    expect(login.stderr).toContain('Error: the device code expired before it was approved: run logto auth login --device again\n');
  });

  it('--browser takes one callback on a loopback redirect and checks the state', async () => {
    const u = user();
    let played = false;
    const child = runCli(['auth', 'login', '--browser', '--no-open', '--client-id', NATIVE.id, '--endpoint', server.url], { env: { ...u.env, LOGTO_PROFILE: u.profile }, onStderr: async (text) => {
      const url = /^To sign in, visit (\S+)$/m.exec(text)?.[1];
      if (!url || played) return;
      played = true;
      // Play the browser: Logto redirects to the loopback listener with the code.
      const authorize = await fetch(url, { redirect: 'manual' });
      const callback = authorize.headers.get('location')!;
      expect(callback).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?code=code-\d+&state=/);
      const page = await fetch(callback);
      expect(await page.text()).toContain('signed in');
      await expect(fetch(callback)).rejects.toThrow();
    } });
    const login = await child;
    expect(login.code).toBe(0);
    // --no-open opens nothing, and says nothing about opening.
    expect(login.stderr).not.toContain('Opening');
    const exchange = server.tokenRequests('authorization_code')[0];
    expect(new URLSearchParams(exchange.body).get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect((await u.run(['my-account', 'get-profile'])).code).toBe(0);
  });

  it('--pat exchanges a personal access token (RFC 8693)', async () => {
    const u = user();
    const login = await u.run(['auth', 'login', '--pat', '--pat-stdin', '--client-id', NATIVE.id, '--endpoint', server.url], { stdin: PAT });
    expect(login.code).toBe(0);
    const exchange = Object.fromEntries(new URLSearchParams(server.tokenRequests()[0].body));
    expect(exchange).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      client_id: NATIVE.id,
      subject_token: PAT,
      subject_token_type: 'urn:logto:token-type:personal_access_token',
      scope: 'openid offline_access profile email phone address custom_data identities urn:logto:scope:sessions',
    });
    expect(u.filesOnDisk()).not.toContain(PAT);
    expect((await u.run(['my-account', 'get-profile'])).code).toBe(0);
  });

  it('--with-token stores a static token read from stdin', async () => {
    const u = user();
    const login = await u.run(['auth', 'login', '--with-token', '--endpoint', server.url], { stdin: 'static-canary-token\n' });
    expect(login.code).toBe(0);
    expect(u.keyring()).toContain('static-canary-token');
    expect(u.filesOnDisk()).not.toContain('static-canary-token');
    await u.run(['my-account', 'get-profile']);
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer static-canary-token');
  });

  it('says how to enable the Account Center when Logto refuses for that reason', async () => {
    const u = user();
    await passwordLogin(u);
    server.settings.accountCenterEnabled = false;
    const result = await u.run(['my-account', 'get-profile']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('account_center.not_enabled');
    expect(result.stderr).toContain('PATCH /api/account-center {"enabled": true');
  });
});

describe('sensitive my-account operations', () => {
  it('auth verify gives a verification record; without one and without a terminal the command says what to do', async () => {
    const u = user();
    await passwordLogin(u);
    const refused = await u.run(['my-account', 'revoke-grant-id', '--grant-id', 'g1', '--yes']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toBe(
      'Error: this operation needs a verification record: run logto auth verify --password-stdin first (the record is kept until it expires), or pass --verification-id ID\n',
    );

    const verify = await u.run(['auth', 'verify', '--password-stdin', '-o', 'json'], { stdin: USER.password });
    expect(verify.code).toBe(0);
    const { verificationRecordId } = JSON.parse(verify.stdout) as { verificationRecordId: string };
    expect(verificationRecordId).toMatch(/^vrec-\d+$/);
    expect(server.requests.at(-1)?.json).toEqual({ password: USER.password });

    const revoked = await u.run(['my-account', 'revoke-grant-id', '--grant-id', 'g1', '--verification-id', verificationRecordId, '--yes']);
    expect(revoked).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('experience, step by step', () => {
  it('start, the generated calls with the cookie jar, finish, then my-account', async () => {
    const u = user();
    const start = await u.run(['experience', 'start', '--client-id', NATIVE.id, '--redirect-uri', NATIVE.redirectUri, '--prompt', 'consent', '--endpoint', server.url]);
    expect(start.code).toBe(0);
    expect(JSON.parse(start.stdout)).toMatchObject({ started: true, clientId: NATIVE.id, redirectUri: NATIVE.redirectUri });
    expect(u.keyring()).toContain(`${u.profile}:experience`);

    // The password goes on stdin (-f password=@-), as the README shows: never in the process list.
    const steps: [string[], string?][] = [
      [['experience', 'init-new-interaction', '-f', 'interactionEvent=SignIn']],
      [['experience', 'create-password-verification-record', '-F', `identifier={"type":"username","value":"${USER.username}"}`, '-f', 'password=@-'], `${USER.password}\n`],
      [['experience', 'identify-user-current-interaction', '-f', 'verificationId=verification-1']],
      [['experience', 'submit-interaction']],
    ];
    for (const [step, stdin] of steps) {
      const result = await u.run([...step, '--endpoint', server.url], { stdin });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(server.requests.at(-1)?.headers.cookie).toMatch(/_interaction=uid-\d+; _interaction\.sig=sig-uid-\d+/);
      expect(server.requests.at(-1)?.headers.authorization).toBeUndefined();
    }
    const finish = await u.run(['experience', 'finish']);
    expect(finish.code).toBe(0);
    expect(JSON.parse(finish.stdout)).toMatchObject({ profile: u.profile, method: 'experience', subject: USER.username });
    expect(u.keyring()).not.toContain(`${u.profile}:experience`);
    expect((await u.run(['my-account', 'get-profile'])).code).toBe(0);
  });

  it('--print-tokens prints instead of storing', async () => {
    const u = user();
    await u.run(['experience', 'start', '--client-id', NATIVE.id, '--redirect-uri', NATIVE.redirectUri, '--endpoint', server.url]);
    for (const step of [['init-new-interaction', '-f', 'interactionEvent=SignIn'], ['create-password-verification-record', '-F', `identifier={"type":"username","value":"${USER.username}"}`, '-f', `password=${USER.password}`], ['identify-user-current-interaction', '-f', 'verificationId=verification-1'], ['submit-interaction']]) {
      expect((await u.run(['experience', ...step, '--endpoint', server.url])).code).toBe(0);
    }
    const finish = await u.run(['experience', 'finish', '--print-tokens']);
    expect(finish.code).toBe(0);
    expect(JSON.parse(finish.stdout)).toMatchObject({ access_token: expect.stringMatching(/^user-token-/), token_type: 'Bearer' });
    expect(u.keyring()).not.toContain(`${u.profile}:token:account`);
  });

  it('without a started interaction an experience command fails with exit 3', async () => {
    const u = user();
    const result = await u.run(['experience', 'submit-interaction', '--endpoint', server.url]);
    expect(result).toEqual({ code: 3, stdout: '', stderr: 'Error: no experience interaction started: run logto experience start --client-id ID --redirect-uri URI\n' });
  });
});

describe('logto config', () => {
  it('sets, gets and lists non-secret settings per profile, validating them', async () => {
    const u = user();
    expect(await u.run(['config', 'set', 'endpoint', server.url])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await u.run(['config', 'set', 'client-id', 'app_1', '--profile', 'other'])).toMatchObject({ code: 0 });
    expect((await u.run(['config', 'get', 'endpoint'])).stdout).toBe(`${server.url}\n`);
    expect(JSON.parse((await u.run(['config', 'list', '-o', 'json'])).stdout)).toEqual({ endpoint: server.url });
    expect(JSON.parse((await u.run(['config', 'list', '--all', '-o', 'json'])).stdout)).toEqual({ [u.profile]: { endpoint: server.url }, other: { 'client-id': 'app_1' } });
    expect(readFileSync(join(u.env.XDG_CONFIG_HOME, 'logto', 'config.yaml'), 'utf8')).toContain(`endpoint: ${server.url}`);
    expect(statSync(join(u.env.XDG_CONFIG_HOME, 'logto', 'config.yaml')).mode & 0o777).toBe(0o600);
    const badKey = await u.run(['config', 'set', 'client-secret', 'x']);
    expect(badKey).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Error: unknown setting "client-secret": one of endpoint, tenant, storage, m2m-client-id/) });
    const badUrl = await u.run(['config', 'set', 'endpoint', 'not a url']);
    expect(badUrl).toMatchObject({ code: 2, stderr: 'Error: endpoint is not a valid URL: "not a url"\n' });
    // The endpoint from the profile is used when no flag or variable names one.
    server.requests.length = 0;
    await u.run(['one-time-tokens', 'get-one-time-tokens'], { env: { LOGTO_API_KEY: 'from-env' } });
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer from-env');
  });
});

describe('without a keychain', () => {
  it('explains in one line, fast, and environment variables keep working', async () => {
    const u = user();
    const started = Date.now();
    const login = await m2mLogin({ ...u, run: (args, options = {}) => u.run(args, { ...options, env: { DBUS_SESSION_BUS_ADDRESS: undefined } }) });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(login.code).toBe(3);
    expect(login.stderr).toBe(
      'Error: no OS keychain reachable: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set). Use LOGTO_ENDPOINT and LOGTO_API_KEY, or sign in again with --insecure-storage to keep secrets in a 0600 file\n',
    );
    const fromEnv = await u.run(['one-time-tokens', 'get-one-time-tokens'], { env: { DBUS_SESSION_BUS_ADDRESS: undefined, LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: 'x' } });
    expect(fromEnv.code).toBe(1);
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer x');
  });

  it('--insecure-storage writes a 0600 file in a 0700 directory, with a warning', async () => {
    const u = user();
    const noBus = { DBUS_SESSION_BUS_ADDRESS: undefined };
    const login = await u.run(['auth', 'login', '--m2m', '--client-id', M2M.id, '--client-secret-stdin', '--endpoint', server.url, '--insecure-storage'], { stdin: M2M.secret, env: noBus });
    expect(login.code).toBe(0);
    expect(login.stderr).toContain('warning: --insecure-storage keeps secrets in a plain 0600 file');
    const file = join(u.env.XDG_STATE_HOME, 'logto', 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(u.env.XDG_STATE_HOME, 'logto')).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8')).toContain(M2M.secret);
    expect((await u.run(['one-time-tokens', 'get-one-time-tokens'], { env: noBus })).code).toBe(0);
  });
});
