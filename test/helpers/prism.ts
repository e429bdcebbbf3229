// Stoplight Prism on 127.0.0.1, loaded with one of Logto's real OpenAPI documents, request
// validation on. The security requirements are dropped from the in-memory copy: credentials
// are not what these tests check, and Prism would enforce the cookie scheme literally.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './cli';

export const DOCUMENTS = join(ROOT, '..', 'shared', 'logto-openapi');

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export async function startPrism(name: 'management' | 'account' | 'experience'): Promise<{ url: string; process: ChildProcess }> {
  const copy = JSON.parse(readFileSync(join(DOCUMENTS, `${name}.json`), 'utf8')) as Record<string, unknown>;
  delete copy.security;
  for (const item of Object.values(copy.paths as Record<string, Record<string, Record<string, unknown>>>)) for (const operation of Object.values(item)) delete operation.security;
  const file = join(mkdtempSync(join(tmpdir(), 'logto-prism-')), `${name}.json`);
  writeFileSync(file, JSON.stringify(copy));
  const port = await freePort();
  const prism = spawn(join(ROOT, 'node_modules', '.bin', 'prism'), ['mock', '-h', '127.0.0.1', '-p', String(port), file], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prism ${name} did not start`)), 60_000);
    const watch = (chunk: Buffer) => {
      if (/Prism is listening/.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    };
    prism.stdout!.on('data', watch);
    prism.stderr!.on('data', watch);
  });
  return { url: `http://127.0.0.1:${port}`, process: prism };
}
