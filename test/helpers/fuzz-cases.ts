// Deterministic argv cases for the fuzz test: every operation of every loaded surface and every
// built-in command, with valid, hostile and malformed values, flags and stdin, from a fixed seed.
// Each case says which requests it may cause, so that the test can judge what reached the server.
import type { InputRecord, OperationRecord, SurfaceRecord } from '../../src/catalog/record';

/** mulberry32: small, fast, and the same sequence on every machine. */
export function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)], chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof seeded>;

export interface AllowedRequest {
  method?: string;
  /** Matched against the raw (still percent-encoded) path, without the query. */
  path: RegExp;
  destructive: boolean;
}

export interface FuzzCase {
  argv: string[];
  stdin: string;
  /** Requests this case may cause; anything else is a request outside its operation's template. */
  allowed: AllowedRequest[];
  dryRun: boolean;
  yes: boolean;
  /** Runs only as a child process (it serves on stdio until stdin ends). */
  spawnOnly?: boolean;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `/api/users/{userId}/roles` → a pattern where each parameter is exactly one path segment. */
export const templatePattern = (path: string) => new RegExp(`^${path.split(/\{[^}]+\}/).map(escape).join('[^/]+')}$`);

export const HOSTILE = [
  '', ' ', '.', '..', '../../etc/passwd', 'a/b', '%2F..%2F', '?admin=1', '#frag', 'a b', 'ünï©ødé ✓', '\u202ertl', '\r\nX-Injected: 1',
  '\x1b]0;pwned\x07\x1b[2J', 'x'.repeat(3000), '-1', '0', '1e309', 'null', '{}', '[]', '"', "'", '`id`', '$(id)', '--yes', '-', '\t',
];
const GOOD_STRINGS = ['t1', 'user_1', 'alice@example.com', 'abc-DEF_123', 'Admin', 'https://example.com/cb'];
const JSON_VALUES = ['{}', '{"a":1}', '[]', '["a","b"]', '{"nested":{"deep":[1,2,{"x":null}]}}', 'null', 'true', '1', '"s"', '{', '[1,', `${'['.repeat(3000)}${']'.repeat(3000)}`];
const OUTPUTS = ['json', 'yaml', 'table', 'ndjson', 'tsv', 'xml', ''];
const QUERIES = ['[0]', 'length(@)', '@', 'id', '[].id', '[[', '`', 'foo(', ''];
const TIMEOUTS = ['5', '0', '-1', 'abc', 'Infinity', '3000000', '0.5', '1e3', ''];

function valueFor(input: InputRecord, random: Random): string | undefined {
  if (random.chance(0.25)) return random.pick(HOSTILE);
  if (input.enum && random.chance(0.8)) return random.pick(input.enum);
  switch (input.type) {
    case 'integer':
      return random.pick(['1', '2', '20', '0', '-5', '99999999999999999999', '1.5', 'ten']);
    case 'number':
      return random.pick(['1', '2.5', '-0', 'NaN', 'Infinity', 'x']);
    case 'object':
    case 'array':
      return random.pick(JSON_VALUES);
    case 'file':
      return random.pick(['/etc/hostname', '/nonexistent/file.png', '/tmp', '']);
    default:
      return random.pick(GOOD_STRINGS);
  }
}

/** Flags any generated command accepts, in random valid and invalid forms. */
function globalFlags(random: Random, operation: OperationRecord | undefined): string[] {
  const argv: string[] = [];
  const maybe = (p: number, ...flag: string[]) => random.chance(p) && argv.push(...flag);
  maybe(0.15, '--dry-run');
  maybe(0.06, '--dry-run=curl');
  maybe(0.03, '--dry-run=yes');
  maybe(0.2, '-o', random.pick(OUTPUTS));
  maybe(0.1, '--query', random.pick(QUERIES));
  maybe(0.05, '--columns', random.pick(['id,name', '', ',,']));
  maybe(0.08, '--timeout', random.pick(TIMEOUTS));
  maybe(0.08, '--retries', random.pick(['0', '1', '-1', 'many']));
  maybe(0.1, '--verbose');
  maybe(0.04, '--endpoint', random.pick(['not a url', 'ftp://example.com', 'http://127.0.0.1:1', 'http://[::1', '']));
  maybe(0.03, '--tenant', random.pick(['t1', 'bad tenant', '../x']));
  maybe(0.03, '--profile', random.pick(['fuzz-other', '', '../../etc']));
  maybe(0.04, '--nope');
  maybe(0.03, 'positional');
  maybe(0.03, '--help');
  if (operation && operation.inputs.some((input) => input.in === 'query' && input.name === 'page')) {
    maybe(0.15, '--all');
    maybe(0.08, '--limit', random.pick(['1', '5', '0', '-2', 'x']));
  }
  if (operation?.body) {
    maybe(0.25, '--body', random.pick([...JSON_VALUES, '-', '@/nonexistent.json', '@/etc/hostname']));
    maybe(0.2, '-f', random.pick(['name=x', 'a.b=c', 'password=hunter2', 'bad', '=x', 'a..b=1']));
    maybe(0.15, '-F', random.pick(['n=1', 'o={"a":1}', 'bad={', 'list=[1,2]', 'x=@-', `deep=${'['.repeat(3000)}${']'.repeat(3000)}`]));
  }
  return argv;
}

function operationArgv(operation: OperationRecord, random: Random): string[] {
  const argv: string[] = [];
  for (const input of operation.inputs) {
    if (!random.chance(input.required ? 0.92 : 0.3)) continue;
    if (input.type === 'boolean') {
      argv.push(random.chance(0.8) ? `--${input.flag}` : `--no-${input.flag}`);
      continue;
    }
    const value = valueFor(input, random);
    if (value === undefined) continue;
    if (random.chance(0.5)) argv.push(`--${input.flag}=${value}`);
    else argv.push(`--${input.flag}`, value);
  }
  return argv;
}

const has = (argv: string[], ...flags: string[]) => argv.some((arg) => flags.includes(arg) || flags.some((flag) => arg.startsWith(`${flag}=`)));

function stdinFor(random: Random): string {
  return random.pick(['', '{"a":1}\n', '{"email":"a@example.com"}', 'not json', `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`, 'secret-from-stdin\n', '\u0000\u0001']);
}

export interface Catalogue {
  surfaces: SurfaceRecord[];
  /** Endpoint path prefix (the echo server has none). */
  prefix: string;
}

function operationCase(surface: SurfaceRecord, operation: OperationRecord, random: Random, prefix: string): FuzzCase {
  const argv = [surface.name, operation.command, ...operationArgv(operation, random), ...globalFlags(random, operation)];
  const yes = operation.hints.destructive ? random.chance(0.5) : random.chance(0.1);
  if (yes) argv.push(random.pick(['--yes', '-y']));
  return {
    argv,
    stdin: stdinFor(random),
    allowed: [{ method: operation.method, path: templatePattern(`${prefix}${operation.path}`), destructive: operation.hints.destructive }],
    dryRun: has(argv, '--dry-run'),
    yes: has(argv, '--yes', '-y'),
  };
}

function batchCase(all: { surface: SurfaceRecord; operation: OperationRecord }[], random: Random, prefix: string): FuzzCase {
  const picked = Array.from({ length: 1 + random.int(6) }, () => random.pick(all));
  const lines = picked.map(({ surface, operation }) => {
    if (random.chance(0.15)) return random.pick(['null', '{', '[]', '5', '{}', '{"command":"nope nope"}', `{"command":"${surface.name} ${operation.command}","args":{"help":true}}`]);
    const args: Record<string, unknown> = {};
    for (const input of operation.inputs.filter((one) => one.in !== 'body' && (one.required || random.chance(0.2)))) {
      args[input.flag] = input.type === 'boolean' ? random.chance(0.5) : valueFor(input, random);
    }
    if (random.chance(0.1)) args[random.pick(['dry-run', 'output', 'query', 'all'])] = random.pick([true, 'yaml', 'json', '[0]']);
    const body = operation.body && random.chance(0.8) ? random.pick([{}, { name: 'x' }, { a: [1, 2] }, 'text', null]) : undefined;
    return JSON.stringify({ command: `${surface.name} ${operation.command}`, args, ...(body === undefined ? {} : { body }) });
  });
  const argv = ['batch', ...(random.chance(0.5) ? ['--concurrency', random.pick(['1', '4', '0', 'x'])] : []), ...(random.chance(0.4) ? ['--yes'] : [])];
  if (random.chance(0.1)) argv.push('--retries', '0');
  return {
    argv,
    stdin: `${lines.join('\n')}\n`,
    allowed: picked.map(({ operation }) => ({ method: operation.method, path: templatePattern(`${prefix}${operation.path}`), destructive: operation.hints.destructive })),
    dryRun: false,
    yes: has(argv, '--yes'),
  };
}

const prefixes = (prefix: string, ...paths: string[]): AllowedRequest[] => paths.map((path) => ({ path: new RegExp(`^${escape(prefix + path)}`), destructive: false }));

/** Built-in commands, each with the routes it may call. */
function builtinCase(random: Random, prefix: string): FuzzCase {
  const auth = prefixes(prefix, '/oidc/', '/api/experience', '/api/verifications', '/api/my-account');
  // An unknown surface asks the server's own OpenAPI whether it has it (to suggest logto specs sync).
  const discovery = prefixes(prefix, '/api/.well-known/').map((allowed) => ({ ...allowed, method: 'GET' }));
  const choices: (() => Omit<FuzzCase, 'dryRun' | 'yes'>)[] = [
    () => ({ argv: ['auth', 'status', ...pickSome(random, ['-o', 'json'], ['--verbose'], ['--profile', 'nobody'])], stdin: '', allowed: auth }),
    () => ({ argv: ['auth', 'token', ...pickSome(random, ['--profile', 'nobody'], ['--nope'])], stdin: '', allowed: auth }),
    () => ({ argv: ['auth', 'logout', ...pickSome(random, ['--profile', 'fuzz-login'])], stdin: '', allowed: auth }),
    () => ({ argv: ['auth', 'verify', '--password-stdin', ...pickSome(random, ['-o', 'json'])], stdin: stdinFor(random), allowed: auth }),
    () => ({
      argv: ['auth', 'login', ...random.pick([['--m2m', '--client-id', 'm2m', '--client-secret-stdin'], ['--pat', '--client-id', 'app', '--pat-stdin'], ['--with-token'], ['--password', '--client-id', 'app', '--redirect-uri', 'io.x://cb', '--username', 'alice', '--password-stdin'], ['--m2m', '--pat'], []]), ...pickSome(random, ['--profile', 'fuzz-login'], ['--insecure-storage'], ['--endpoint', random.pick(['http://127.0.0.1:1', 'nope', ''])], ['--scope', 'openid'])],
      stdin: stdinFor(random),
      allowed: auth,
    }),
    () => ({ argv: ['config', random.pick(['get', 'set', 'list']), ...random.pick([[], ['endpoint'], ['endpoint', 'http://127.0.0.1:1'], ['endpoint', 'not a url'], ['method', 'm2m'], ['method', 'bogus'], ['nope', 'x'], ['storage', 'file'], ['a', 'b', 'c']]), ...pickSome(random, ['--profile', 'fuzz-config'])], stdin: '', allowed: [] }),
    () => {
      const method = random.pick(['GET', 'get', 'POST', 'DELETE', 'PATCH', 'PUT', 'TRACE', '']);
      const path = random.pick(['/api/users', 'api/roles', '/api/users/../roles', '/api/x?y=1', '/api/{id}', '/api/%2e%2e/x', '/api/a b', '', '/oidc/token']);
      const argv = ['api', method, path, ...globalFlags(random, undefined), ...(random.chance(0.3) ? ['--yes'] : []), ...(random.chance(0.2) ? ['-H', random.pick(['X-A: b', 'bad', 'X-C: \u00e9', 'X-D: a\r\nb'])] : [])];
      const bare = path.startsWith('/') ? path : `/${path}`;
      const target = bare.split('?')[0];
      return { argv, stdin: stdinFor(random), allowed: [{ method: method.toUpperCase(), path: new RegExp(`^${escape(prefix + target.replace(/[{}]/g, encodeURIComponent))}$`), destructive: method.toUpperCase() === 'DELETE' }] };
    },
    () => ({ argv: ['completion', random.pick(['bash', 'zsh', 'fish', 'tcsh', ''])], stdin: '', allowed: [] }),
    () => ({ argv: ['mcp', 'tools', ...pickSome(random, ['--read-only'], ['--surface', random.pick(['users', 'nope', 'my-account'])], ['--allow', 'get-profile'], ['-o', 'json'])], stdin: '', allowed: [] }),
    () => ({ argv: ['mcp', 'serve', ...pickSome(random, ['--read-only'], ['--surface', random.pick(['users', 'nope'])], ['--allow-files', random.pick(['/nonexistent', '/etc/hostname', '/tmp'])])], stdin: '', allowed: [], spawnOnly: true }),
    () => ({ argv: ['specs', 'list', ...pickSome(random, ['-o', 'json'], ['--nope'])], stdin: '', allowed: [] }),
    () => ({ argv: ['specs', 'sync', ...pickSome(random, ['--surface', 'users'], ['--from-file', '/nonexistent.json'], ['--from-file', '/etc/hostname'])], stdin: '', allowed: prefixes(prefix, '/api/.well-known/') }),
    () => ({ argv: ['specs', 'remove', ...pickSome(random, ['nope'], ['users'])], stdin: '', allowed: [] }),
    () => ({ argv: ['experience', random.pick(['start', 'finish']), ...pickSome(random, ['--client-id', 'app'], ['--redirect-uri', 'io.x://cb'], ['--prompt', 'consent'])], stdin: '', allowed: auth }),
    () => ({ argv: ['__complete', ...pickSome(random, ['us'], ['users'], ['--'], ['list-users', '--'])], stdin: '', allowed: [] }),
    () => ({ argv: random.pick([[], ['--help'], ['-h'], ['help'], ['--version'], ['-v'], ['nope'], ['users'], ['auth'], ['auth', 'nope'], ['my-account', 'nope'], ['--verbose'], ['-o', 'json']]), stdin: '', allowed: discovery }),
  ];
  const made = random.pick(choices)();
  return { ...made, dryRun: has(made.argv, '--dry-run'), yes: has(made.argv, '--yes', '-y') };
}

function pickSome(random: Random, ...groups: string[][]): string[] {
  return groups.filter(() => random.chance(0.4)).flat();
}

/** `count` cases: operations three times in four, built-ins and batches the rest; every operation at least once. */
export function fuzzCases(catalogue: Catalogue, seed: number, count: number): FuzzCase[] {
  const random = seeded(seed);
  const all = catalogue.surfaces.flatMap((surface) => surface.operations.map((operation) => ({ surface, operation })));
  const cases: FuzzCase[] = all.map(({ surface, operation }) => operationCase(surface, operation, random, catalogue.prefix));
  while (cases.length < count) {
    const roll = random.next();
    if (roll < 0.6) {
      const { surface, operation } = random.pick(all);
      cases.push(operationCase(surface, operation, random, catalogue.prefix));
    } else if (roll < 0.75) cases.push(batchCase(all, random, catalogue.prefix));
    else cases.push(builtinCase(random, catalogue.prefix));
  }
  return cases;
}
