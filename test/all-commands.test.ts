// Table-driven over the compiled index: every command of every bundled surface is
// invoked with sample inputs, and the request that arrives must match its spec.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputRecord, OperationRecord, SpecIndex } from '../src/catalog/record';
import { cleanEnv, ROOT, runCli } from './helpers/cli';
import { startServer, type TestServer } from './helpers/server';

const index = JSON.parse(readFileSync(join(ROOT, 'dist', 'spec-index.json'), 'utf8')) as SpecIndex;
const cases = index.surfaces.flatMap((surface) => surface.operations.map((operation) => [`${surface.name} ${operation.command}`, surface.name, operation] as const));

function sample(input: InputRecord): string {
  if (input.enum) return input.enum[0];
  if (input.type === 'integer' || input.type === 'number') return '3';
  return `${input.flag}-value`;
}

function argsFor(surface: string, operation: OperationRecord): string[] {
  const args = [surface, operation.command];
  for (const input of operation.inputs) {
    args.push(input.type === 'boolean' ? `--${input.flag}` : `--${input.flag}=${sample(input)}`);
  }
  if (operation.body) args.push('-F', 'sample=1');
  if (operation.hints.destructive) args.push('--yes');
  return args;
}

let server: TestServer;
let env: Record<string, string>;
beforeAll(async () => {
  server = await startServer();
  server.reply((request) =>
    request.pathname === '/oidc/auth'
      ? { status: 303, headers: { location: '/sign-in', 'set-cookie': ['_interaction=i1; path=/; httponly'] } }
      : { body: { ok: true } },
  );
  env = cleanEnv({ LOGTO_ENDPOINT: server.url, LOGTO_API_KEY: 'token' });
  // Experience commands need a started interaction: its cookies replace the bearer token.
  const start = await runCli(['experience', 'start', '--client-id', 'app', '--redirect-uri', 'io.test://callback'], { env });
  expect(start.stderr).toBe('');
});
afterAll(() => server.close());

describe('every bundled command', () => {
  it('covers the 71 operations of the three seeded surfaces', () => {
    expect(Object.fromEntries(index.surfaces.map((surface) => [surface.name, surface.operations.length]))).toEqual({
      experience: 36,
      'my-account': 29,
      'one-time-tokens': 6,
    });
  });

  it.each(cases)('%s', async (_, surface, operation) => {
    server.requests.length = 0;
    const result = await runCli(argsFor(surface, operation), { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ok: true });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;

    let path = operation.path;
    for (const input of operation.inputs.filter((one) => one.in === 'path')) path = path.replace(`{${input.name}}`, sample(input));
    expect(request.method).toBe(operation.method);
    expect(request.pathname).toBe(path);
    for (const input of operation.inputs.filter((one) => one.in === 'query')) {
      expect(request.query[input.name]).toBe(input.type === 'boolean' ? 'true' : sample(input));
    }
    for (const input of operation.inputs.filter((one) => one.in === 'header')) {
      expect(request.headers[input.name.toLowerCase()]).toBe(sample(input));
    }
    expect(request.json).toEqual(operation.body ? { sample: 1 } : undefined);
    if (surface === 'experience') expect(request.headers.cookie).toBe('_interaction=i1');
    else expect(request.headers.authorization).toBe('Bearer token');
  });
});
