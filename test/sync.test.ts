// `logto specs sync|list|remove` against a loopback server that serves Logto's real documents.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv, ROOT, runCli } from './helpers/cli';
import { startServer, type TestServer } from './helpers/server';

const DOCUMENTS = join(ROOT, '..', 'shared', 'logto-openapi');
const served: Record<string, string> = {
  '/api/.well-known/management.openapi.json': readFileSync(join(DOCUMENTS, 'management.json'), 'utf8'),
  '/api/.well-known/user.openapi.json': readFileSync(join(DOCUMENTS, 'account.json'), 'utf8'),
  '/api/.well-known/experience.openapi.json': readFileSync(join(DOCUMENTS, 'experience.json'), 'utf8'),
};
let server: TestServer;
let env: Record<string, string>;
let broken = false;

beforeAll(async () => {
  server = await startServer();
  env = cleanEnv({ LOGTO_API_KEY: 'token' });
  env.LOGTO_ENDPOINT = server.url;
});
afterAll(() => server.close());
beforeEach(() => {
  broken = false;
  server.requests.length = 0;
  server.reply((request) =>
    served[request.pathname]
      ? { body: broken ? '{"openapi": "3.0.1", "paths": {' : served[request.pathname], headers: { 'content-type': 'application/json' } }
      : { body: { ok: true } },
  );
});

const sync = (args: string[] = []) => runCli(['specs', 'sync', ...args], { env });

describe('logto specs sync', () => {
  it("fetches the server's three documents without a token and makes every operation a command", async () => {
    const result = await sync(['-o', 'json']);
    expect(result.code).toBe(0);
    expect(server.requests.map((request) => request.pathname)).toEqual(Object.keys(served));
    expect(server.requests.every((request) => request.headers.authorization === undefined)).toBe(true);
    const rows = JSON.parse(result.stdout) as { surface: string; operations: number }[];
    expect(rows).toHaveLength(40);
    expect(rows.reduce((sum, row) => sum + row.operations, 0)).toBe(359);
    expect(result.stderr).toMatch(/^Synced 40 surfaces, 359 operations into .*\/logto\/specs\n$/);
  });

  it('gives typed flags: query, body fields, enums, JSON fields', async () => {
    await sync();
    server.requests.length = 0;
    expect((await runCli(['users', 'list-users', '--search', '%alice%', '--page-size', '20'], { env })).code).toBe(0);
    expect(server.requests[0]).toMatchObject({ method: 'GET', pathname: '/api/users', query: { search: '%alice%', page_size: '20' } });

    expect((await runCli(['applications', 'create-application', '--name', 'web', '--type', 'SPA', '--custom-data', '{"team":"a"}'], { env })).code).toBe(0);
    expect(server.requests[1]).toMatchObject({ method: 'POST', pathname: '/api/applications', json: { name: 'web', type: 'SPA', customData: { team: 'a' } } });

    expect((await runCli(['organizations', 'add-organization-users', '--id', 'org_1', '-F', 'userIds=["u1","u2"]'], { env })).code).toBe(0);
    expect(server.requests[2]).toMatchObject({ method: 'POST', pathname: '/api/organizations/org_1/users', json: { userIds: ['u1', 'u2'] } });

    const missing = await runCli(['applications', 'create-application', '--name', 'web'], { env });
    expect(missing).toMatchObject({ code: 2, stderr: 'Error: missing required body field: --type (or in --body)\n' });
    const fromBody = await runCli(['applications', 'create-application', '--body', '{"name":"web","type":"SPA"}'], { env });
    expect(fromBody.code).toBe(0);
    const badEnum = await runCli(['applications', 'create-application', '--name', 'web', '--type', 'Desktop'], { env });
    expect(badEnum.code).toBe(2);
    expect(badEnum.stderr).toBe('Error: --type must be one of Native, SPA, Traditional, MachineToMachine, Protected, SAML, got "Desktop"\n');
    expect(server.requests).toHaveLength(4);
  });

  it('uploads a file as multipart form data', async () => {
    await sync();
    server.requests.length = 0;
    const file = join(ROOT, 'package.json');
    const result = await runCli(['user-assets', 'create-user-asset', '--file', file], { env });
    expect(result.code).toBe(0);
    const [upload] = server.requests;
    expect(upload).toMatchObject({ method: 'POST', pathname: '/api/user-assets' });
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.body).toContain('Content-Disposition: form-data; name="file"; filename="package.json"');
    expect(upload.body).toContain(readFileSync(file, 'utf8'));
    const missing = await runCli(['user-assets', 'create-user-asset', '--file', '/nonexistent.png'], { env });
    expect(missing).toMatchObject({ code: 2, stderr: 'Error: cannot read --file file /nonexistent.png: no such file\n' });
  });

  it('keeps bundled commands and their flags, enriches them, and adds what they lack', async () => {
    await sync();
    const status = await runCli(['one-time-tokens', 'get-one-time-tokens', '--status', 'bogus'], { env });
    expect(status.stderr).toBe('Error: --status must be one of active, consumed, revoked, expired, got "bogus"\n');
    const list = JSON.parse((await runCli(['specs', 'list', '-o', 'json'], { env })).stdout) as Record<string, unknown>[];
    expect(list.find((row) => row.surface === 'my-account')).toMatchObject({ commands: 31, bundled: 29, enriched: 29, syncedOnly: 2 });
    expect(list.find((row) => row.surface === 'users')).toMatchObject({ commands: 40, bundled: 0, syncedOnly: 40, syncedAt: expect.stringMatching(/^\d{4}-/) });
    const help = await runCli(['my-account', '--help'], { env });
    expect(help.stdout).toMatch(/^ {2}revoke-grant-id +Revoke a grant by ID/m);
    expect(help.stdout).toMatch(/^ {2}replace-my-account-identity +/m);
  });

  it('is atomic: a failed sync leaves the previous specs in place', async () => {
    await sync();
    broken = true;
    const failed = await sync();
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Error: nothing imported: 3 documents could not be read; the previous specs are unchanged\n');
    expect((await runCli(['users', 'list-users'], { env })).code).toBe(0);
  });

  it('--surface writes only those surfaces; specs remove takes one away', async () => {
    await sync();
    const partial = await sync(['--surface', 'users,roles', '-o', 'json']);
    expect(JSON.parse(partial.stdout).map((row: { surface: string }) => row.surface)).toEqual(['users', 'roles']);
    expect((await runCli(['hooks', 'list-hooks'], { env })).code).toBe(0);
    const removed = await runCli(['specs', 'remove', 'applications'], { env });
    expect(removed).toEqual({ code: 0, stdout: '', stderr: 'Removed applications.\n' });
    const gone = await runCli(['applications', 'list-applications'], { env });
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/^Error: unknown surface "applications"/);
    expect((await runCli(['specs', 'remove', 'my-account'], { env })).code).toBe(0);
    expect((await runCli(['my-account', 'get-profile'], { env })).code).toBe(0);
  });
});
