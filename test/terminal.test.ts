// For a person at a terminal (under a pseudo-terminal of a set width): tables that fit, dates,
// progress lines, pickers and -o csv, on a surface synced from Logto's real OpenAPI and on bundled ones.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCli, runInteractive, runInTerminal } from './helpers/cli';
import { startServer, type RecordedRequest, type Reply, type TestServer } from './helpers/server';

const MANAGEMENT = join(ROOT, '..', 'shared', 'logto-openapi', 'management.json');
const CREATED = 1796186524801; // 2026-12-02T04:42:04.801Z
/** A user as Logto 1.42's `GET /api/users` returns it: 16 fields. */
const user = (i: number) => ({
  id: `usr${String(i).padStart(9, '0')}`,
  username: `user${i}`,
  primaryEmail: `user${i}@example.com`,
  primaryPhone: null,
  name: i % 2 ? `User Number ${i}` : null,
  avatar: i % 3 ? `https://cdn.example.com/avatars/${i}.png` : null,
  customData: i % 2 ? { plan: 'pro' } : {},
  identities: {},
  lastSignInAt: CREATED + i * 60_000,
  createdAt: CREATED,
  updatedAt: CREATED,
  profile: { givenName: 'Ada', familyName: 'Lovelace', nickname: `ada${i}`, address: {} },
  applicationId: 'app-console',
  isSuspended: i === 3,
  hasPassword: true,
  hasSecurityVerificationMethod: false,
});
const USERS = Array.from({ length: 250 }, (_, i) => user(i + 1));
const FIELDS = Object.keys(USERS[0]);
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

let server: TestServer;
let env: Record<string, string | undefined>;
let pageDelay = 0;

/** Logto-style: `page`/`page_size`, `Total-Number`, and `search=%term%` over the searchable fields. */
function usersReply(request: RecordedRequest): Reply {
  const found = /^\/api\/users\/([^/]+)$/.exec(request.pathname);
  if (found) return { body: USERS.find((one) => one.id === decodeURIComponent(found[1])) ?? USERS[0] };
  const term = typeof request.query.search === 'string' ? request.query.search.replace(/%/g, '').toLowerCase() : '';
  const matching = USERS.filter((one) => [one.username, one.primaryEmail, one.name ?? ''].some((field) => field.toLowerCase().includes(term)));
  const page = Number(request.query.page ?? 1);
  const size = Number(request.query.page_size ?? 20);
  return { body: matching.slice((page - 1) * size, page * size), headers: { 'total-number': String(matching.length) }, delay: pageDelay };
}

beforeAll(async () => {
  server = await startServer();
  const data = mkdtempSync(join(tmpdir(), 'logto-terminal-'));
  env = { LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: 'token', XDG_DATA_HOME: data, NO_COLOR: '1', CI: undefined, TZ: 'Asia/Kolkata' };
  const sync = await runCli(['specs', 'sync', '--from-file', MANAGEMENT], { env });
  expect(sync.code).toBe(0);
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  pageDelay = 0;
  server.reply((request) => (request.pathname.startsWith('/api/users') ? usersReply(request) : { body: [] }));
});

/** The table's lines: without the notes on stderr (hidden columns, more pages) that share the terminal. */
const tableLines = (stdout: string) => stdout.replace(ANSI, '').split('\n').filter((line) => line !== '' && !/hidden to fit|^Showing \d+ of/.test(line));

describe('tables on a terminal', () => {
  it.each([80, 120])('fit %i columns, identifying fields first, and name the columns left out', async (columns) => {
    const result = await runInTerminal(['users', 'list-users', '--page-size', '5'], { env, columns });
    expect(result.code).toBe(0);
    const lines = tableLines(result.stdout);
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns);
    const header = lines[0].split(/\s{2,}/);
    expect(header.slice(0, 4)).toEqual(['ID', 'NAME', 'USERNAME', 'PRIMARYEMAIL']);
    const note = new RegExp(`(\\d+) columns hidden to fit ${columns} characters: ([^.]+)\\. Show them with --columns or -o wide\\.`).exec(result.stdout);
    expect(note).not.toBeNull();
    const hidden = note![2].split(', ');
    expect(Number(note![1])).toBe(hidden.length);
    // Every field is either shown or named as hidden, never both.
    expect([...header.map((name) => FIELDS.find((field) => field.toUpperCase() === name)), ...hidden].sort()).toEqual([...FIELDS].sort());
    expect(hidden).toContain('primaryPhone');
  });

  it('wider terminals show more columns; -o wide and --columns show what was hidden', async () => {
    const narrow = tableLines((await runInTerminal(['users', 'list-users', '--page-size', '5'], { env, columns: 80 })).stdout)[0].split(/\s{2,}/);
    const wide = tableLines((await runInTerminal(['users', 'list-users', '--page-size', '5'], { env, columns: 120 })).stdout)[0].split(/\s{2,}/);
    expect(wide.length).toBeGreaterThan(narrow.length);
    const all = await runInTerminal(['users', 'list-users', '--page-size', '2', '-o', 'wide'], { env, columns: 80 });
    expect(all.stdout).not.toContain('hidden to fit');
    expect(tableLines(all.stdout)[0].split(/\s{2,}/)).toHaveLength(FIELDS.length);
    const chosen = await runInTerminal(['users', 'list-users', '--page-size', '2', '--columns', 'username,hasPassword'], { env, columns: 80 });
    expect(tableLines(chosen.stdout)).toEqual(['USERNAME  HASPASSWORD', 'user1     true', 'user2     true']);
  });

  it('shows epoch-millisecond timestamps as local date-time; JSON keeps the numbers', async () => {
    const table = await runInTerminal(['users', 'list-users', '--page-size', '1', '--columns', 'id,createdAt,lastSignInAt'], { env });
    expect(tableLines(table.stdout)[1]).toBe('usr000000001  2026-12-02 10:12  2026-12-02 10:13');
    const utc = await runInTerminal(['users', 'get-user', '--user-id', 'usr000000001'], { env: { ...env, TZ: 'UTC' } });
    expect(utc.stdout).toMatch(/^createdAt +2026-12-02 04:42$/m);
    const json = await runInTerminal(['users', 'list-users', '--page-size', '1', '-o', 'json'], { env });
    expect(JSON.parse(json.stdout.replace(/Showing.*\n/, ''))[0]).toMatchObject({ createdAt: CREATED, lastSignInAt: CREATED + 60_000 });
    const piped = await runCli(['users', 'list-users', '--page-size', '1', '-o', 'table', '--columns', 'id,createdAt'], { env });
    expect(piped.stdout).toBe(`ID            CREATEDAT\nusr000000001  ${CREATED}\n`);
  });

  it('summarises nested values on a terminal and keeps them whole when piped', async () => {
    const terminal = await runInTerminal(['users', 'list-users', '--page-size', '1', '--columns', 'id,customData,profile'], { env });
    expect(tableLines(terminal.stdout)[1]).toBe('usr000000001  {"plan":"pro"}  4 fields');
    const piped = await runCli(['users', 'list-users', '--page-size', '1', '-o', 'table', '--columns', 'id,profile'], { env });
    expect(piped.stdout).toContain(JSON.stringify(USERS[0].profile));
  });

  it('colours headers and status words, and not with NO_COLOR or when piped', async () => {
    const tokens = [{ id: 't1', email: 'a@b.co', status: 'active' }, { id: 't2', email: 'c@d.co', status: 'revoked' }];
    server.reply((request) => ({ body: request.pathname === '/api/one-time-tokens' ? tokens : tokens[1] }));
    const coloured = await runInTerminal(['one-time-tokens', 'get-one-time-tokens'], { env: { ...env, NO_COLOR: undefined } });
    expect(coloured.stdout).toContain('\x1b[1mID  EMAIL   STATUS\x1b[22m');
    expect(coloured.stdout).toContain('\x1b[31mrevoked\x1b[39m');
    const one = await runInTerminal(['one-time-tokens', 'get-one-time-token-id', '--id', 't2'], { env: { ...env, NO_COLOR: undefined } });
    expect(one.stdout).toContain('\x1b[1mstatus\x1b[22m  \x1b[31mrevoked\x1b[39m');
    const plain = await runInTerminal(['one-time-tokens', 'get-one-time-tokens'], { env });
    expect(plain.stdout).not.toMatch(ANSI);
  });
});

describe('-o csv', () => {
  it('is RFC 4180: a header row, CRLF, and quotes around commas, quotes and line breaks; nested values as JSON', async () => {
    server.reply(() => ({
      body: [
        { id: 't1', note: 'plain', context: { a: 1 } },
        { id: 't2', note: 'a, b', context: null },
        { id: 't3', note: 'say "hi"\nthen go' },
      ],
    }));
    const result = await runCli(['one-time-tokens', 'get-one-time-tokens', '-o', 'csv'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('id,note,context\r\nt1,plain,"{""a"":1}"\r\nt2,"a, b",\r\nt3,"say ""hi""\nthen go",\r\n');
    server.reply(usersReply);
    const synced = await runCli(['users', 'list-users', '--page-size', '2', '-o', 'csv', '--columns', 'id,name,createdAt'], { env });
    expect(synced.stdout).toBe(`id,name,createdAt\r\nusr000000001,User Number 1,${CREATED}\r\nusr000000002,,${CREATED}\r\n`);
  });
});

describe('progress', () => {
  const all = ['users', 'list-users', '--all', '-o', 'ndjson', '--query', 'id'];

  it('shows items and pages for --all on a terminal, on stderr', async () => {
    pageDelay = 150;
    const result = await runInTerminal([...all, '--page-size', '100'], { env });
    expect(result.code).toBe(0);
    const screen = result.stdout.replace(ANSI, '');
    expect(screen).toMatch(/users list-users\.\.\. .*of 250 items, page \d of 3/);
    expect(screen).toContain('users list-users... 250 items in 3 pages');
    // The data is whole: every id once, in order.
    expect(screen.match(/"usr\d+"/g)).toEqual(USERS.map((one) => `"${one.id}"`));
  });

  it('never when stderr is piped, nor under CI', async () => {
    const piped = await runInTerminal([...all, '--limit', '150'], { env, pipeStderr: true });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).not.toContain('users list-users...');
    const ci = await runInTerminal([...all, '--limit', '150'], { env: { ...env, CI: 'true' } });
    expect(ci.code).toBe(0);
    expect(ci.stdout).not.toContain('users list-users...');
    expect(ci.stdout.match(/"usr\d+"/g)).toHaveLength(150);
  });

  it('counts lines done and failed for batch', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'logto-batch-')), 'lines.ndjson');
    writeFileSync(file, ['{"command":"users get-user","args":{"user-id":"usr000000002"}}', '{"command":"users nope"}', '{"command":"users get-user","args":{"user-id":"usr000000003"}}', ''].join('\n'));
    const result = await runInTerminal(['batch'], { env, stdinFile: file });
    expect(result.code).toBe(1);
    expect(result.stdout.replace(ANSI, '')).toContain('batch... 3 of 3 lines done, 1 failed');
    const piped = await runInTerminal(['batch'], { env, stdinFile: file, pipeStderr: true });
    expect(piped.stderr).toBe('Error: 1 of 3 lines failed\n');
  });

  it('counts surfaces for specs sync', async () => {
    const data = mkdtempSync(join(tmpdir(), 'logto-sync-'));
    const surfaces = ['users', 'roles', 'applications', 'organizations', 'hooks'];
    const result = await runInTerminal(['specs', 'sync', '--from-file', MANAGEMENT, '--surface', surfaces.join(','), '-o', 'json'], { env: { ...env, XDG_DATA_HOME: data } });
    expect(result.code).toBe(0);
    const screen = result.stdout.replace(ANSI, '');
    expect(screen).toMatch(/specs sync\.\.\. .*(writing|compiling) surface \d of 5: (users|roles|applications|organizations|hooks)/);
    expect(screen).toMatch(/specs sync\.\.\. 5 surfaces, \d+ operations\n/);
    expect(screen).toMatch(/Synced 5 surfaces, \d+ operations/);
    const one = await runCli(['specs', 'sync', '--from-file', MANAGEMENT, '--surface', 'hooks'], { env: { ...env, XDG_DATA_HOME: data } });
    expect(one.stderr).toMatch(/^Synced 1 surface, \d+ operations into /);
  });
});

describe('pickers', () => {
  it('choose the id of a missing path input from the list, searching as one types', async () => {
    const result = await runInteractive(
      ['users', 'get-user', '-o', 'json', '--query', 'username'],
      [
        [/--user-id: choose from users list-users/, 'user17'],
        [/User Number 17 · user17/, '\r'],
      ],
      { env },
    );
    expect(result.stderr).toBe('answered 2 of 2 prompts');
    expect(result.code).toBe(0);
    expect(result.stdout.replace(ANSI, '').trim().split('\n').at(-1)).toBe('"user17"');
    expect(server.requests.map((request) => request.url)).toEqual([
      '/api/users?page_size=100',
      ...server.requests.slice(1, -1).map((request) => request.url),
      '/api/users/usr000000017',
    ]);
    expect(server.requests.some((request) => request.query.search === '%user17%')).toBe(true);
  });

  it('move with the arrow keys on a bundled surface too', async () => {
    server.reply((request) =>
      request.pathname === '/api/one-time-tokens'
        ? { body: [{ id: 'ott1', email: 'a@b.co', status: 'active' }, { id: 'ott2', email: 'c@d.co', status: 'active' }] }
        : { body: { id: 'ott2' } },
    );
    const result = await runInteractive(
      ['one-time-tokens', 'get-one-time-token-id', '-o', 'json'],
      [
        [/c@d\.co  \(ott2\)/, '\x1b[B'],
        [/❯ c@d\.co/, '\r'],
      ],
      { env },
    );
    expect(result.code).toBe(0);
    expect(server.requests.at(-1)!.url).toBe('/api/one-time-tokens/ott2');
  });

  it('are never opened with --no-input or without a terminal: the usage error, exit 2, nothing sent', async () => {
    const noInput = await runInTerminal(['users', 'get-user', '--no-input'], { env });
    expect(noInput.code).toBe(2);
    expect(noInput.stdout).toBe('Error: missing required flag: --user-id\n');
    const piped = await runCli(['users', 'get-user'], { env });
    expect(piped).toMatchObject({ code: 2, stderr: 'Error: missing required flag: --user-id\n' });
    expect(server.requests).toHaveLength(0);
  });
});
