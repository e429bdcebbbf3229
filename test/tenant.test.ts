// logto tenant pull | plan | apply against a stateful stand-in of the Management API, every
// write body also validated by Prism against Logto's real management.json.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cleanEnv, ROOT, runCli, runInteractive, runInTerminal, type RunOptions } from './helpers/cli';
import { DOCUMENTS, startPrism } from './helpers/prism';
import { startTenantStandIn, type TenantStandIn } from './helpers/tenant-server';

const SECRETS = { GITHUB_SECRET: 'gh-canary-secret-1', ACME_SECRET: 'acme-canary-secret-2', SMTP_PASS: 'smtp-canary-secret-3' };
const SEED = join(ROOT, 'test', 'fixtures', 'tenant-seed.yaml');
const work = mkdtempSync(join(tmpdir(), 'logto-tenant-'));
let prism: ChildProcess;
let server: TenantStandIn;
let env: Record<string, string>;
let seeded: { stdout: string; stderr: string; code: number | null };
let seedWrites: string[];
/** `POST /api/roles/abc/scopes` → `POST /api/roles/:id/scopes`, for comparing request sequences. */
const shape = (write: { method: string; path: string }) => `${write.method} ${write.path.replace(/\/api\/([\w-]+)\/(?!jwt-customizer)[^/]+/g, '/api/$1/:id')}`;

const tenant = (args: string[], options: RunOptions = {}) =>
  runCli(['tenant', ...args], { ...options, env: { ...env, LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: server.token, ...SECRETS, ...options.env } });
const file = (name: string, text: string) => {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
};
const planJson = async (path: string, extra: string[] = []) => {
  const result = await tenant(['plan', '--file', path, '-o', 'json', ...extra]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as { changes: { action: string; kind: string; key: string; fields: unknown[]; links: unknown[] }[]; notInFile: unknown[] };
};

beforeAll(async () => {
  const started = await startPrism('management');
  prism = started.process;
  server = await startTenantStandIn({ prism: started.url });
  env = cleanEnv();
  const sync = await runCli(['specs', 'sync', '--from-file', join(DOCUMENTS, 'management.json')], { env });
  expect(sync.code).toBe(0);
  seeded = await tenant(['apply', '--file', SEED, '--yes']);
  seedWrites = server.writes.map(shape);
  expect(seeded.stderr).toBe('');
  expect(seeded.code).toBe(0);
}, 120_000);

afterAll(async () => {
  prism?.kill();
  await server?.close();
});

describe('logto tenant', () => {
  let pulled: string;

  it('a first apply creates everything in dependency order, one printed step per change, never printing a secret', () => {
    expect(seedWrites).toEqual([
      'POST /api/resources',
      'POST /api/resources/:id/scopes',
      'POST /api/resources/:id/scopes',
      'POST /api/roles',
      'POST /api/roles',
      'POST /api/organization-scopes',
      'POST /api/organization-roles',
      'POST /api/applications',
      'POST /api/applications',
      'POST /api/applications/:id/roles',
      'POST /api/hooks',
      'POST /api/hooks',
      'POST /api/connectors',
      'POST /api/connectors',
      'POST /api/sso-connectors',
      'PUT /api/configs/jwt-customizer/access-token',
      'POST /api/custom-profile-fields',
      'PATCH /api/sign-in-exp',
      'PATCH /api/account-center',
    ]);
    // A role's scopes go in its create body; an application's roles follow its creation.
    expect(server.writes[3].body).toMatchObject({ name: 'reader', scopeIds: [expect.any(String)] });
    expect(seeded.stdout).toContain('[1/18] created resources "https://api.example.com"\n[2/18] created resources.scopes "https://api.example.com read:items"\n');
    expect(seeded.stdout).toContain('[18/18] updated accountCenter "accountCenter"\nApply complete: 16 created, 2 updated, 0 deleted.\n');
    expect(seeded.stdout).toContain('config.clientSecret: (secret) set');
    for (const secret of Object.values(SECRETS)) expect(seeded.stdout).not.toContain(secret);
    expect(server.state.connectors[0].config).toEqual({ clientId: 'gh-client', clientSecret: SECRETS.GITHUB_SECRET });
  });

  it('pull writes names, not ids; no server fields, no secrets; placeholders with a comment', async () => {
    const result = await tenant(['pull']);
    expect(result.code).toBe(0);
    pulled = result.stdout;
    expect(pulled).toMatch(/^schemaVersion: 1$/m);
    expect(pulled).toContain('clientSecret: ${env:LOGTO_CONNECTORS_GITHUB_UNIVERSAL_CONFIG_CLIENT_SECRET} # secret: set LOGTO_CONNECTORS_GITHUB_UNIVERSAL_CONFIG_CLIENT_SECRET in the environment');
    expect(pulled).toContain('pass: ${env:LOGTO_CONNECTORS_SIMPLE_MAIL_TRANSFER_PROTOCOL_CONFIG_AUTH_PASS} # secret: set LOGTO_CONNECTORS_SIMPLE_MAIL_TRANSFER_PROTOCOL_CONFIG_AUTH_PASS in the environment');
    expect(pulled).toContain('user: mailer');
    for (const secret of Object.values(SECRETS)) expect(pulled).not.toContain(secret);
    // Server-generated fields and generated secrets are left out; references are names.
    expect(pulled).not.toMatch(/^\s*(id|tenantId|createdAt|secret|signingKey):/m);
    expect(pulled).toContain('roles:\n      - service');
    expect(pulled).toMatch(/scopes:\n\s+- resource: https:\/\/api\.example\.com\n\s+scope: read:items/);
    // Logto's own entries stay out.
    expect(pulled).not.toContain('Logto Management API');
    expect(pulled).not.toContain('Live Preview');
    expect(pulled).not.toContain('default.logto.app');
    // Same tenant, same bytes.
    expect((await tenant(['pull'])).stdout).toBe(pulled);
  });

  it('plan right after pull shows no changes, and --exit-code exits 0', async () => {
    const path = file('pulled.yaml', pulled);
    const result = await tenant(['plan', '--file', path, '--exit-code'], {
      env: {
        LOGTO_CONNECTORS_GITHUB_UNIVERSAL_CONFIG_CLIENT_SECRET: SECRETS.GITHUB_SECRET,
        LOGTO_CONNECTORS_SIMPLE_MAIL_TRANSFER_PROTOCOL_CONFIG_AUTH_PASS: SECRETS.SMTP_PASS,
        LOGTO_SSO_CONNECTORS_ACME_SSO_CONFIG_CLIENT_SECRET: SECRETS.ACME_SECRET,
      },
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`No changes: the tenant matches ${path}.\n`);
    expect(result.code).toBe(0);
  });

  it('an edited file: plan lists exactly the edits, apply makes them, then plan is clean and apply a no-op', async () => {
    const edited = readFileSync(SEED, 'utf8')
      .replace('https://app.example.com/callback', 'https://app.example.com/auth/callback')
      .replace(/  - name: Legacy\n(    .*\n|      .*\n)*/, '')
      .replace(
        'organizationScopes:',
        ['  - name: editor', '    description: Edits items', '    type: User', '    scopes:', '      - resource: https://api.example.com', '        scope: write:items', '      - resource: https://api.example.com', '        scope: read:items', 'organizationScopes:'].join('\n'),
      );
    const path = file('edited.yaml', edited);
    const before = server.writes.length;

    const plan = await planJson(path);
    expect(plan.changes).toEqual([
      {
        action: 'create',
        kind: 'roles',
        key: 'editor',
        fields: [
          { path: 'description', new: 'Edits items' },
          { path: 'type', new: 'User' },
        ],
        links: [{ field: 'scopes', add: [{ resource: 'https://api.example.com', scope: 'read:items' }, { resource: 'https://api.example.com', scope: 'write:items' }], remove: [] }],
      },
      {
        action: 'update',
        kind: 'applications',
        key: 'Web',
        fields: [{ path: 'oidcClientMetadata.redirectUris', old: ['https://app.example.com/callback'], new: ['https://app.example.com/auth/callback'] }],
        links: [],
      },
    ]);
    expect(plan.notInFile).toEqual([{ kind: 'hooks', key: 'Legacy' }]);
    expect((await planJson(path, ['--prune'])).changes.map((one) => `${one.action} ${one.kind} ${one.key}`)).toEqual(['create roles editor', 'update applications Web', 'delete hooks Legacy']);

    const text = await tenant(['plan', '--file', path, '--prune', '--exit-code']);
    expect(text.code).toBe(10);
    expect(text.stderr).toBe('');
    expect(text.stdout).not.toMatch(/\x1b\[/);
    expect(text.stdout).toContain('applications\n  ~ Web\n      oidcClientMetadata.redirectUris: ["https://app.example.com/callback"] → ["https://app.example.com/auth/callback"]');
    expect(text.stdout).toContain('hooks\n  - Legacy');
    expect(text.stdout).toContain('Plan: 1 to create, 1 to update, 1 to delete.');
    expect(server.writes.length).toBe(before);

    const refused = await tenant(['apply', '--file', path, '--prune']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --yes');
    expect(server.writes.length).toBe(before);

    const applied = await tenant(['apply', '--file', path, '--prune', '--yes']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('[1/3] created roles "editor"\n[2/3] updated applications "Web"\n[3/3] deleted hooks "Legacy"\n');
    const editor = server.state.roles.find((role) => role.name === 'editor')!;
    expect(server.writes.slice(before).map((one) => `${one.method} ${one.path}`)).toEqual([
      'POST /api/roles',
      `PATCH /api/applications/${server.state.applications.find((one) => one.name === 'Web')!.id as string}`,
      expect.stringMatching(/^DELETE \/api\/hooks\//),
    ]);
    expect(server.state.rolesScopes.filter(([role]) => role === editor.id)).toHaveLength(2);
    expect(server.state.hooks.map((hook) => hook.name)).toEqual(['Audit']);

    expect((await planJson(path, ['--prune'])).changes).toEqual([]);
    const again = await tenant(['apply', '--file', path, '--prune', '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`No changes: the tenant already matches ${path}; nothing to apply.\n`);
  });

  it('--prune deletes only kinds the file names, never built-in entries', async () => {
    const path = file('roles-only.yaml', 'schemaVersion: 1\nroles:\n  - name: reader\n    description: Reads items\n    type: User\n');
    const plan = await planJson(path, ['--prune']);
    expect(plan.changes.map((one) => `${one.action} ${one.kind} ${one.key}`)).toEqual(['delete roles editor', 'delete roles service']);
    const without = await planJson(path);
    expect(without.changes).toEqual([]);
    expect(without.notInFile).toEqual([{ kind: 'roles', key: 'editor' }, { kind: 'roles', key: 'service' }]);
  });

  it('secrets come from the environment, are compared without being shown, and an unset variable is exit 2 before anything is applied', async () => {
    const path = file('secret.yaml', 'schemaVersion: 1\nconnectors:\n  - connectorId: github-universal\n    config:\n      clientId: gh-client\n      clientSecret: ${env:GITHUB_SECRET}\n');
    const same = await tenant(['plan', '--file', path, '--verbose']);
    expect(same.stdout).toContain('No changes');
    const rotated = await tenant(['plan', '--file', path, '--verbose'], { env: { GITHUB_SECRET: 'gh-rotated-canary' } });
    expect(rotated.stdout).toContain('config.clientSecret: (secret) changed');
    const sent = server.writes.length;
    const dry = await tenant(['apply', '--file', path, '--dry-run', '--verbose'], { env: { GITHUB_SECRET: 'gh-rotated-canary' } });
    expect(dry.code).toBe(0);
    expect(server.writes.length).toBe(sent);
    expect(dry.stdout).toMatch(/^PATCH http:\/\/127\.0\.0\.1:\d+\/api\/connectors\/\w+$/m);
    expect(dry.stdout).toContain('Dry run: nothing was sent: 0 created, 1 updated, 0 deleted.');
    expect(dry.stdout).toContain('"clientSecret":"[redacted]"');
    for (const run of [same, rotated, dry]) {
      for (const secret of [...Object.values(SECRETS), 'gh-rotated-canary', server.token]) expect(run.stdout + run.stderr).not.toContain(secret);
    }
    const before = server.writes.length;
    const unset = await tenant(['apply', '--file', path, '--yes'], { env: { GITHUB_SECRET: undefined } });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toBe(`Error: ${path}:6: connectors[0].config.clientSecret: environment variable GITHUB_SECRET is not set\n`);
    expect(server.writes.length).toBe(before);
  });

  it('a failure half-way stops the apply and reports what was applied and what was not (exit 1)', async () => {
    const path = file('three.yaml', 'schemaVersion: 1\norganizationScopes:\n  - name: invite:members\n    description: Invite members\n  - name: a:one\n  - name: b:two\n  - name: c:three\n');
    server.failNext('POST', /^\/api\/organization-scopes$/, 500, (body) => body.name === 'b:two');
    const result = await tenant(['apply', '--file', path, '--yes']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('[1/3] created organizationScopes "a:one"\n');
    expect(result.stdout).not.toContain('[2/3]');
    expect(result.stderr).toBe(
      [
        'Applied 1 of 3 changes: create organizationScopes "a:one".',
        'Not applied (2): create organizationScopes "b:two"; create organizationScopes "c:three".',
        'Error: apply stopped at step 2 of 3, create organizationScopes "b:two": HTTP 500 Internal Server Error: stand_in.injected_failure: Injected failure',
        '',
      ].join('\n'),
    );
    expect(server.state.organizationScopes.map((scope) => scope.name)).toEqual(['invite:members', 'a:one']);
    // Run again, it picks up where it stopped.
    const rest = await tenant(['apply', '--file', path, '--yes']);
    expect(rest.stdout).toContain('[1/2] created organizationScopes "b:two"\n[2/2] created organizationScopes "c:three"\n');
  });

  it('a file that does not validate is exit 2 naming the file, the line, the YAML path and the problem; nothing is sent', async () => {
    const cases: [string, string, string][] = [
      ['version.yaml', 'schemaVersion: 2\nroles: []\n', ':1: schemaVersion: schemaVersion 2: this logto reads schemaVersion 1'],
      ['field.yaml', 'schemaVersion: 1\nroles:\n  - name: x\n    descripton: y\n', ':4: roles[0].descripton: unknown field "descripton" (did you mean description?)'],
      ['reference.yaml', 'schemaVersion: 1\nroles:\n  - name: x\n    description: y\n    scopes:\n      - read:items\n', ':6: roles[0].scopes[0]: expected {resource: <API resource indicator>, scope: <scope name>}'],
      ['twice.yaml', 'schemaVersion: 1\nhooks:\n  - name: a\n    config: {url: https://a.example}\n  - name: a\n    config: {url: https://b.example}\n', ':5: hooks[1].name: name "a" appears twice in hooks'],
      ['m2m.yaml', 'schemaVersion: 1\napplications:\n  - name: Web\n    type: Traditional\n    roles: [service]\n', ':5: applications[0].roles: roles apply only to machine-to-machine applications (type: MachineToMachine)'],
      ['kind.yaml', 'schemaVersion: 1\nrole: []\n', ':2: role: unknown kind "role" (did you mean roles?)'],
      ['syntax.yaml', 'schemaVersion: 1\nroles: [\n', ':3: not valid YAML'],
      ['missing.yaml', 'schemaVersion: 1\nroles:\n  - name: x\n    description: y\n    scopes:\n      - {resource: https://nowhere.example.com, scope: read}\n', ':6: roles[0].scopes: refers to scope "https://nowhere.example.com read", which neither the file nor the tenant has'],
    ];
    const before = server.writes.length;
    // Independent runs, so side by side.
    await Promise.all(
      cases.map(async ([name, text, problem]) => {
        const path = file(name, text);
        const result = await tenant(['apply', '--file', path, '--yes']);
        expect(result.code).toBe(2);
        expect(result.stderr.split('\n')).toHaveLength(2);
        expect(result.stderr).toContain(`Error: ${path}${problem}`);
      }),
    );
    expect(server.writes.length).toBe(before);
  });

  it('a change Logto cannot make in place is shown in the plan and refused by apply before anything is sent', async () => {
    const path = file('type.yaml', 'schemaVersion: 1\nroles:\n  - name: reader\n    description: Reads everything\n    type: MachineToMachine\n');
    const plan = await tenant(['plan', '--file', path]);
    expect(plan.stdout).toContain('      type: "User" → "MachineToMachine"\n      ! type: Logto cannot change this in place; apply will refuse');
    const before = server.writes.length;
    const result = await tenant(['apply', '--file', path, '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('Error: update roles "reader": Logto cannot change type in place; nothing was applied (delete the entry and create it anew, or keep the field as it is)\n');
    expect(server.writes.length).toBe(before);
  });

  it('plan is coloured on a terminal (not with NO_COLOR), and apply there asks before changing anything', async () => {
    const path = file('colour.yaml', 'schemaVersion: 1\nroles:\n  - name: reader\n    description: Reads all items\n');
    const terminal = await runInTerminal(['tenant', 'plan', '--file', path], { env: { ...env, LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: server.token } });
    expect(terminal.stdout).toContain('\x1b[33m  ~ reader\x1b[39m');
    const plain = await runInTerminal(['tenant', 'plan', '--file', path], { env: { ...env, LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: server.token, NO_COLOR: '1' } });
    expect(plain.stdout).toContain('  ~ reader\n      description: "Reads items" → "Reads all items"');
    expect(plain.stdout).not.toMatch(/\x1b\[/);
    const before = server.writes.length;
    const declined = await runInteractive(['tenant', 'apply', '--file', path], [[/Apply these changes\?/, 'n\r']], { env: { ...env, LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: server.token } });
    expect(declined.code).toBe(2);
    expect(declined.stdout).toContain('aborted: nothing was applied');
    expect(server.writes.length).toBe(before);
  });

  it('pull --file and --only; users are data, not configuration', async () => {
    const path = join(work, 'only.yaml');
    const result = await tenant(['pull', '--file', path, '--only', 'roles,hooks']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Wrote \d+ entries of 2 kinds to .*only\.yaml\n$/);
    expect(Object.keys(parse(readFileSync(path, 'utf8')) as object)).toEqual(['schemaVersion', 'roles', 'hooks']);
    const users = await tenant(['pull', '--only', 'users']);
    expect(users.code).toBe(2);
    expect(users.stderr).toBe('Error: --only users: users are data, not configuration; logto tenant leaves them out\n');
  });

  it('pull refuses entries it cannot tell apart (application names are not unique in Logto)', async () => {
    const twin = { ...server.state.applications.find((one) => one.name === 'Web')!, id: 'twin-web' };
    server.state.applications.push(twin);
    try {
      const result = await tenant(['pull']);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe('Error: the tenant has 2 applications named "Web": Logto does not require these names to be unique, so an entry cannot be matched by name; rename the duplicates first\n');
    } finally {
      server.state.applications.splice(server.state.applications.indexOf(twin), 1);
    }
  });

  it('--from-profile/--to-profile compares two live tenants, whatever the environment points at', async () => {
    const prod = await startTenantStandIn({ token: 'prod-token' });
    try {
      const profiles = cleanEnv();
      // The application a profile signs in with is Logto-side plumbing: never pulled (so never pruned).
      const worker = server.state.applications.find((one) => one.name === 'Worker')!;
      for (const [profile, target, clientId] of [['dev', server, worker.id as string], ['prod', prod, 'prod-m2m']] as const) {
        const login = await runCli(['auth', 'login', '--m2m', '--client-id', clientId, '--client-secret-stdin', '--endpoint', target.url, '--profile', profile, '--no-sync'], { env: profiles, stdin: 'm2m-secret\n' });
        expect(login.code).toBe(0);
      }
      expect((await runCli(['specs', 'sync', '--from-file', join(DOCUMENTS, 'management.json')], { env: profiles })).code).toBe(0);
      const own = await runCli(['tenant', 'pull', '--only', 'applications', '--profile', 'dev'], { env: profiles });
      expect(own.stdout).toContain('- name: Web\n');
      expect(own.stdout).not.toContain('Worker');
      const setup = file('prod.yaml', 'schemaVersion: 1\nroles:\n  - name: reader\n    description: Reads some items\n    type: User\n');
      expect((await runCli(['tenant', 'apply', '--file', setup, '--yes', '--profile', 'prod'], { env: profiles })).code).toBe(0);
      const result = await runCli(['tenant', 'plan', '--from-profile', 'dev', '--to-profile', 'prod', '--only', 'roles', '-o', 'json'], {
        env: { ...profiles, LOGTO_ENDPOINT: 'http://127.0.0.1:9', LOGTO_API_KEY: 'wrong' },
      });
      expect(result.stderr).toBe('');
      const plan = JSON.parse(result.stdout) as { changes: { action: string; key: string; fields: unknown[] }[] };
      const devRoles = server.state.roles.map((role) => role.name as string).filter((name) => name !== 'Logto Management API access');
      expect(plan.changes.map((one) => `${one.action} ${one.key}`)).toEqual(devRoles.sort().map((name) => `${name === 'reader' ? 'update' : 'create'} ${name}`));
      expect(plan.changes.find((one) => one.key === 'reader')!.fields).toEqual([
        { path: 'description', old: 'Reads some items', new: 'Reads items' },
      ]);
    } finally {
      await prod.close();
    }
  });

  it('the stand-in refuses what Logto refuses (so the tests above could fail)', async () => {
    const api = (args: string[]) => runCli(['api', ...args, '--yes'], { env: { ...env, LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: server.token } });
    const web = server.state.applications.find((one) => one.name === 'Web')!.id as string;
    const service = server.state.roles.find((one) => one.name === 'service')!.id as string;
    const refusals = await Promise.all([
      api(['POST', '/api/roles', '-f', 'name=reader', '-f', 'description=again']),
      api(['POST', '/api/resources/management-api/scopes', '-f', 'name=all']),
      api(['POST', `/api/applications/${web}/roles`, '-F', `roleIds=["${service}"]`]),
      api(['POST', '/api/roles/nope/scopes', '-F', 'scopeIds=["management-api-all"]']),
    ]);
    expect(refusals.map((one) => `${one.code} ${/: ([\w.]+):/.exec(one.stderr)?.[1]}`)).toEqual([
      '1 role.name_in_use',
      '1 scope.name_exists',
      '1 application.invalid_type',
      '1 entity.not_exists_with_id',
    ]);
  });

  it('says how to get the Management API when it is not synced', async () => {
    const result = await runCli(['tenant', 'pull'], { env: { LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: server.token } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Error: logto tenant needs the Management API's operations, which are not loaded \(GET \/api\/resources, .*\): run logto specs sync/);
  });

  it("every write body passed Prism's validation against management.json", () => {
    expect(server.invalid).toEqual([]);
    const judged = server.writes.length - server.unvalidated.filter((one) => !one.includes(': ')).length;
    expect(judged).toBeGreaterThan(20);
    // Only what Logto's document cannot describe went unjudged (whole bodies) or was forgiven (single fields).
    for (const one of server.unvalidated) expect(one).toMatch(/^(POST \/api\/custom-profile-fields|PUT \/api\/custom-profile-fields\/\w+|(POST|PATCH) \/api\/applications(\/\w+)?: request\.body\.oidcClientMetadata\.(redirectUris|postLogoutRedirectUris)\.\d+)$/);
  });
});
