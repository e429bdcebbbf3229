// `logto tenant` at scale: a tenant with 100 applications and 100 roles on the stand-in
// (Prism validation off: this measures the CLI, not the validator). Each command runs
// BENCH_TENANT_RUNS times; the median is reported. Run with `npm run bench`.
import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cleanEnv, runCli } from '../helpers/cli';
import { DOCUMENTS } from '../helpers/prism';
import { startTenantStandIn } from '../helpers/tenant-server';

const RUNS = Number(process.env.BENCH_TENANT_RUNS ?? 5);
const work = mkdtempSync(join(tmpdir(), 'logto-tenant-bench-'));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function tenantFile(description: string): string {
  const lines = ['schemaVersion: 1', 'resources:', '  - indicator: https://api.example.com', '    name: Example API', '    scopes:'];
  for (let scope = 0; scope < 20; scope++) lines.push(`      - name: scope:${scope}`, `        description: Scope ${scope}`);
  lines.push('roles:');
  for (let role = 0; role < 100; role++) {
    lines.push(`  - name: role-${role}`, `    description: Role ${role}`, `    type: ${role % 2 ? 'MachineToMachine' : 'User'}`, '    scopes:');
    for (const scope of [role % 20, (role + 7) % 20]) lines.push('      - resource: https://api.example.com', `        scope: scope:${scope}`);
  }
  lines.push('applications:');
  for (let app = 0; app < 100; app++) {
    const m2m = app % 2 === 1;
    lines.push(`  - name: app-${app}`, `    type: ${m2m ? 'MachineToMachine' : 'SPA'}`, `    description: ${description} ${app}`);
    if (m2m) lines.push('    roles:', `      - role-${app}`, `      - role-${(app + 2) % 100}`);
    else lines.push('    oidcClientMetadata:', `      redirectUris: [https://app${app}.example.com/callback]`, '      postLogoutRedirectUris: []');
  }
  const path = join(work, `${description}.yaml`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

it('pull, plan and apply with 100 applications and 100 roles', async () => {
  const server = await startTenantStandIn();
  const env = cleanEnv({ LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: server.token, NO_COLOR: '1' });
  expect((await runCli(['specs', 'sync', '--from-file', join(DOCUMENTS, 'management.json')], { env })).code).toBe(0);
  const timed = async (args: string[]) => {
    const started = performance.now();
    const result = await runCli(args, { env });
    expect(result.code, result.stderr).toBe(0);
    return { ms: performance.now() - started, result };
  };
  // Baselines on the same machine at the same time: a bare node start, and one plain CLI request.
  const node: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await new Promise((resolve) => spawn(process.execPath, ['-e', '0']).on('close', resolve));
    node.push(performance.now() - started);
  }
  const first = tenantFile('first');
  const second = tenantFile('second');

  const create = await timed(['tenant', 'apply', '--file', first, '--yes']);
  const createRequests = server.writes.length;
  const rows: [string, number[], string][] = [['apply, empty tenant → 1 resource, 20 scopes, 100 roles, 100 apps', [create.ms], `${createRequests} writes`]];
  const measure = async (label: string, args: string[], note: (result: Awaited<ReturnType<typeof timed>>['result']) => string, reset?: () => Promise<void>) => {
    const times: number[] = [];
    let last;
    for (let run = 0; run < RUNS; run++) {
      await reset?.();
      const { ms, result } = await timed(args);
      times.push(ms);
      last = result;
    }
    rows.push([label, times, note(last!)]);
  };
  rows.push(['baseline: node -e 0', node, '']);
  await measure('baseline: logto api GET /api/roles (one request)', ['api', 'GET', '/api/roles'], () => '');
  await measure('pull', ['tenant', 'pull'], (result) => `${result.stdout.split('\n').length} lines`);
  await measure('plan, no changes', ['tenant', 'plan', '--file', first], (result) => result.stdout.trim());
  await measure('apply, no changes', ['tenant', 'apply', '--file', first, '--yes'], (result) => result.stdout.trim());
  await measure('plan, 100 applications changed', ['tenant', 'plan', '--file', second], (result) => result.stdout.trim().split('\n').at(-1)!);
  let before = 0;
  await measure(
    'apply, 100 applications changed',
    ['tenant', 'apply', '--file', second, '--yes'],
    () => `${server.writes.length - before} writes`,
    async () => {
      // Each run starts from the first file's state.
      expect((await runCli(['tenant', 'apply', '--file', first, '--yes'], { env })).code).toBe(0);
      before = server.writes.length;
    },
  );
  console.log(['| command | median (ms) | runs | note |', '|---|---|---|---|', ...rows.map(([label, times, note]) => `| ${label} | ${Math.round(median(times))} | ${times.length} | ${note} |`)].join('\n'));
  await server.close();
});
