// Contract: every operation of every surface — the 71 bundled and all synced from Logto's
// real OpenAPI documents — sent by the CLI to Stoplight Prism loaded with those documents,
// request validation on. Prism answers 4xx for a request that breaks the description.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationRecord, SurfaceRecord } from '../src/catalog/record';
import { cleanEnv, ROOT, runCli } from './helpers/cli';
import { DOCUMENTS, startPrism } from './helpers/prism';
import { resolveRef, sample, unsatisfiable } from './helpers/samples';
import { startServer, type TestServer } from './helpers/server';

type Json = Record<string, unknown>;
const NAMES = ['management', 'account', 'experience'] as const;
const work = mkdtempSync(join(tmpdir(), 'logto-contract-'));
const docs = Object.fromEntries(NAMES.map((name) => [name, JSON.parse(readFileSync(join(DOCUMENTS, `${name}.json`), 'utf8')) as Json])) as Record<(typeof NAMES)[number], Json>;
const documentFor = (path: string): (typeof NAMES)[number] =>
  /^\/api\/experience([/?]|$)/.test(path) ? 'experience' : /^\/api\/(my-account|verifications)([/?]|$)/.test(path) ? 'account' : 'management';

const UPLOAD = join(work, 'upload.png');
writeFileSync(UPLOAD, Buffer.from('89504e470d0a1a0a', 'hex'));
const prisms: ChildProcess[] = [];
const urls: Record<string, string> = {};
let oidc: TestServer;
let env: Record<string, string>;

async function startPrismFor(name: (typeof NAMES)[number]): Promise<void> {
  const prism = await startPrism(name);
  prisms.push(prism.process);
  urls[name] = prism.url;
}

function documentOperation(operation: OperationRecord): Json | undefined {
  const doc = docs[documentFor(operation.path)];
  return ((doc.paths as Json)[operation.path] as Json | undefined)?.[operation.method.toLowerCase()] as Json | undefined;
}

/** Operations whose document asks for a value no validator can accept (see `unsatisfiable`). */
const impossible = new Set<string>();

/** The batch line for one operation: required inputs from the document's schemas, a body from its request schema. */
function lineFor(surface: string, operation: OperationRecord): Json {
  const before = unsatisfiable.length;
  const doc = docs[documentFor(operation.path)];
  const described = documentOperation(operation) ?? {};
  const parameters = ((described.parameters as unknown[]) ?? []).map((one) => resolveRef(doc, one));
  const args: Json = { endpoint: urls[documentFor(operation.path)] };
  for (const input of operation.inputs) {
    if (input.type === 'file') args[input.flag] = UPLOAD;
    if (input.in === 'body' || input.type === 'file' || !input.required) continue;
    const parameter = parameters.find((one) => one.name === input.name && one.in === input.in);
    args[input.flag] = parameter ? sample(doc, parameter.schema) : input.in === 'path' ? 'sample-id' : 'sample';
  }
  const content = (resolveRef(doc, described.requestBody).content as Json | undefined)?.['application/json'] as Json | undefined;
  const body = content ? sample(doc, content.schema) : operation.body?.required ? {} : undefined;
  if (unsatisfiable.length > before) impossible.add(`${surface} ${operation.command}`);
  return { command: `${surface} ${operation.command}`, args, ...(body !== undefined ? { body } : {}) };
}

let surfaces: SurfaceRecord[];
let results: { line: number; command: string; exit: number; response?: unknown; error?: Json }[];

beforeAll(async () => {
  await Promise.all(NAMES.map(startPrismFor));
  env = cleanEnv({ LOGTO_API_KEY: 'contract-token' });
  const sync = await runCli(['specs', 'sync', ...NAMES.flatMap((name) => ['--from-file', join(DOCUMENTS, `${name}.json`)])], { env });
  expect(sync.code).toBe(0);
  // Experience calls need a started interaction; Prism has no /oidc/auth, so a stand-in sets the cookie.
  oidc = await startServer();
  oidc.reply(() => ({ status: 303, headers: { location: '/sign-in', 'set-cookie': ['_interaction=contract; path=/'] } }));
  const start = await runCli(['experience', 'start', '--client-id', 'app', '--redirect-uri', 'io.test://callback', '--endpoint', oidc.url], { env });
  expect(start.code).toBe(0);

  const registry = createRequire(import.meta.url)(join(ROOT, 'dist', 'src', 'catalog', 'registry.js')) as typeof import('../src/catalog/registry');
  surfaces = registry.loadRegistry(env).surfaces;
  const lines = surfaces.flatMap((surface) => surface.operations.map((operation) => JSON.stringify(lineFor(surface.name, operation))));
  const batch = await runCli(['batch', '--yes', '--concurrency', '8', '--retries', '0'], { env, stdin: `${lines.join('\n')}\n` });
  results = batch.stdout.trim().split('\n').map((line) => JSON.parse(line));
}, 240_000);

afterAll(async () => {
  for (const prism of prisms) prism.kill();
  await oidc?.close();
});

describe("Logto's real API description", () => {
  it('covers every operation of the documents, and all 71 bundled ones', () => {
    const inDocuments = NAMES.flatMap((name) =>
      Object.entries(docs[name].paths as Json).flatMap(([path, item]) => Object.keys(item as Json).filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method)).map((method) => `${method.toUpperCase()} ${path}`)),
    );
    const exercised = new Set(surfaces.flatMap((surface) => surface.operations.map((operation) => `${operation.method} ${operation.path}`)));
    const missing = inDocuments.filter((operation) => !exercised.has(operation));
    console.log(`contract: ${exercised.size} operations exercised / ${inDocuments.length} in the documents; not exercised: ${missing.join(', ')}`);
    expect(inDocuments).toHaveLength(359);
    expect(missing).toEqual([]);
    const bundled = ['my-account', 'one-time-tokens', 'experience'].flatMap((name) => surfaces.find((surface) => surface.name === name)!.operations.slice(0, { 'my-account': 29, 'one-time-tokens': 6, experience: 36 }[name]));
    expect(bundled.every((operation) => documentOperation(operation))).toBe(true);
  });

  it('accepts every request the CLI sends, and the CLI prints the mocked response', () => {
    const rejected = results.filter((result) => result.exit !== 0);
    console.log(`contract: ${results.length - rejected.length} of ${results.length} requests accepted by Prism; rejected only for regex-literal patterns: ${[...impossible].join(', ')}`);
    // Every rejection is a field whose documented pattern is a JavaScript regex literal, or a documented redirect
    // (the SAML assertion endpoints answer 302 to a browser): the CLI never follows one and exits 1 naming it.
    const redirectsOnly = (command: string) => {
      const [surfaceName, name] = command.split(' ');
      const operation = surfaces.find((surface) => surface.name === surfaceName)!.operations.find((one) => one.command === name)!;
      const statuses = Object.keys((documentOperation(operation)?.responses ?? {}) as Json);
      return statuses.some((status) => /^3/.test(status)) && !statuses.some((status) => /^2/.test(status));
    };
    const redirected = rejected.filter((result) => (result.error as Json | undefined)?.code === 'redirect' && redirectsOnly(result.command));
    expect(redirected.map((result) => result.command)).toEqual(['authn assert-saml', 'authn assert-single-sign-on-saml']);
    expect(
      rejected
        .filter((result) => !redirected.includes(result))
        .map((result) => `${result.command}: ${JSON.stringify(result.error)}`)
        .filter((line) => !impossible.has(line.split(':')[0])),
    ).toEqual([]);
    for (const result of results.filter((one) => one.exit === 0)) {
      const [surfaceName, command] = result.command.split(' ');
      const operation = surfaces.find((surface) => surface.name === surfaceName)!.operations.find((one) => one.command === command)!;
      // Prism answers the lowest 2xx status the operation declares.
      const success = Object.entries((documentOperation(operation)?.responses ?? {}) as Json)
        .filter(([status]) => /^2/.test(status))
        .sort(([a], [b]) => a.localeCompare(b))[0];
      const mocksJson = success && (resolveRef(docs[documentFor(operation.path)], success[1]).content as Json | undefined)?.['application/json'];
      // A JSON response with a schema is mocked with a body, which the CLI must have printed.
      if ((mocksJson as Json | undefined)?.schema) expect(result.response, result.command).not.toBeNull();
    }
  });
});
