// Figures for the hostile-server faults of issue 10, for the closing note: requests made by
// --all against servers whose paging loops or lies, and peak RSS for a 200 MB JSON body.
// Usage: node test/bench/hostile.mjs [CLI_ROOT]   (default: this checkout; pass an older build to compare)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(process.argv[2] ?? fileURLToPath(new URL('../..', import.meta.url)));
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_MS ?? 20_000);
const BIG_MB = Number(process.env.BENCH_BIG_MB ?? 200);
const work = mkdtempSync(join(tmpdir(), 'logto-hostile-'));

const page = (n) => Array.from({ length: 100 }, (_, i) => ({ id: `t${n}-${i}`, note: 'x'.repeat(40) }));
const repeated = JSON.stringify(page(1));
// ~200 MB: a list of records as Logto would send it, and the same wrapped in an object (not streamable).
const record = JSON.stringify({ id: 'u_0000000', username: 'user', primaryEmail: 'user@example.com', customData: { note: 'y'.repeat(120) } });
const count = Math.ceil((BIG_MB * 2 ** 20) / (record.length + 1));
const bigArray = Buffer.from(`[${Array.from({ length: count }, () => record).join(',')}]`);
const bigObject = Buffer.concat([Buffer.from('{"items":'), bigArray, Buffer.from('}')]);

let requests = 0;
const server = createServer((req, res) => {
  requests += 1;
  const url = new URL(req.url, 'http://127.0.0.1');
  const n = Number(url.searchParams.get('page') ?? 1);
  const json = { 'content-type': 'application/json' };
  if (url.pathname === '/api/loop') return res.writeHead(200, { ...json, 'total-number': '1000000000' }).end(repeated);
  if (url.pathname === '/api/endless') return res.writeHead(200, json).end(JSON.stringify(page(n)));
  if (url.pathname === '/api/big-array') return res.writeHead(200, json).end(bigArray);
  if (url.pathname === '/api/big-object') return res.writeHead(200, json).end(bigObject);
  res.writeHead(404, json).end('{"code":"not_found","message":"no"}');
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const endpoint = `http://127.0.0.1:${server.address().port}`;

/** Peak RSS (VmHWM) read from /proc while the process runs, so that a run killed at the deadline still has a figure. */
function peakRss(pid) {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

function run(args, deadline = DEADLINE_MS) {
  requests = 0;
  const env = { ...process.env, LOGTO_ENDPOINT: endpoint, LOGTO_API_KEY: 'bench-token', XDG_DATA_HOME: join(work, 'data') };
  const started = Date.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'logto.js'), ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let rss = 0;
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const poll = setInterval(() => (rss = Math.max(rss, peakRss(child.pid) || 0)), 50);
  const timer = setTimeout(() => child.kill('SIGTERM'), deadline);
  return new Promise((done) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(poll);
      done({ args: args.join(' '), exit: code ?? signal, ms: Date.now() - started, requests, peakRssMB: Math.round(rss), stderr: stderr.trim().slice(0, 120) });
    }),
  );
}

const results = [
  await run(['api', 'GET', '/api/loop', '--all']),
  await run(['api', 'GET', '/api/endless', '--all', '-o', 'ndjson']),
  await run(['api', 'GET', '/api/big-array'], 180_000),
  await run(['api', 'GET', '/api/big-array', '-o', 'ndjson'], 180_000),
  await run(['api', 'GET', '/api/big-object'], 180_000),
];
console.log(`CLI: ${ROOT}; ${BIG_MB} MB bodies (${bigArray.length} bytes, ${count} records)`);
console.table(results);
server.close();
