// The scripting benchmarks: `--all -o ndjson` over 10,000 items against a plain paging
// script (time and peak RSS), and `logto batch` against one invocation per call.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const CALLS = Number(process.env.BENCH_BATCH_CALLS ?? 1000);
const RUNS = Number(process.env.BENCH_PAGING_RUNS ?? 5);
const work = mkdtempSync(join(tmpdir(), 'logto-bench-'));
const items = Array.from({ length: ITEMS }, (_, i) => ({ id: `tok_${i}`, email: `user${i}@example.com`, status: 'active', expiresAt: 1_900_000_000 + i, context: { note: 'x'.repeat(40) } }));

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const id = /\/api\/one-time-tokens\/(\w+)$/.exec(url.pathname)?.[1];
  const page = Number(url.searchParams.get('page') ?? 1);
  const size = Number(url.searchParams.get('page_size') ?? 20);
  const body = id ? { id } : items.slice((page - 1) * size, page * size);
  res.writeHead(200, { 'content-type': 'application/json', 'total-number': String(items.length) });
  res.end(JSON.stringify(body));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const endpoint = `http://127.0.0.1:${server.address().port}`;
const env = { ...process.env, LOGTO_ENDPOINT: endpoint, LOGTO_API_KEY: 'bench-token', XDG_DATA_HOME: join(work, 'data'), NO_COLOR: '1' };
const cli = join(ROOT, 'bin', 'logto.js');

const plain = join(work, 'plain-pages.cjs');
writeFileSync(
  plain,
  `const { request } = require(${JSON.stringify(join(ROOT, 'node_modules', 'undici'))});
(async () => {
  for (let page = 1; ; page++) {
    const res = await request(process.env.LOGTO_ENDPOINT + '/api/one-time-tokens?page=' + page + '&page_size=100', { headers: { authorization: 'Bearer ' + process.env.LOGTO_API_KEY } });
    const items = await res.body.json();
    process.stdout.write(items.map((item) => JSON.stringify(item) + '\\n').join(''));
    if (items.length < 100) break;
  }
})();
`,
);

/** Runs a command, returning wall time (ms), peak RSS (MB) and the stdout line count. */
function measure(args, stdin) {
  const rssFile = join(work, `rss-${Math.random()}`);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      env: { ...env, NODE_OPTIONS: `--require ${join(ROOT, 'test', 'bench', 'max-rss.cjs')}`, BENCH_RSS_FILE: rssFile },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let lines = 0;
    child.stdout.on('data', (chunk) => {
      for (const byte of chunk) if (byte === 10) lines++;
    });
    child.on('error', reject);
    child.on('close', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024, lines }));
    child.stdin.end(stdin ?? '');
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

async function paging() {
  const runs = { plain: [], cli: [] };
  for (let i = 0; i < RUNS; i++) {
    runs.plain.push(await measure([plain]));
    runs.cli.push(await measure([cli, 'one-time-tokens', 'get-one-time-tokens', '--all', '-o', 'ndjson']));
  }
  for (const run of [...runs.plain, ...runs.cli]) if (run.lines !== ITEMS) throw new Error(`expected ${ITEMS} lines, got ${run.lines}`);
  const plainMs = median(runs.plain.map((run) => run.ms));
  const cliMs = median(runs.cli.map((run) => run.ms));
  const cliRss = Math.max(...runs.cli.map((run) => run.rssMb));
  console.log(`--all -o ndjson over ${ITEMS} items (pages of 100), median of ${RUNS}:`);
  console.log(`  plain undici paging script  ${plainMs.toFixed(0)} ms, peak RSS ${Math.max(...runs.plain.map((run) => run.rssMb)).toFixed(1)} MB`);
  console.log(`  logto --all -o ndjson       ${cliMs.toFixed(0)} ms, peak RSS ${cliRss.toFixed(1)} MB`);
  console.log(`  target time ≤ 1.2× plain: ${(cliMs / plainMs).toFixed(2)}× ${cliMs / plainMs <= 1.2 ? 'met' : 'MISSED'}; target peak RSS < 120 MB: ${cliRss < 120 ? 'met' : 'MISSED'}\n`);
}

async function batch() {
  const lines = Array.from({ length: CALLS }, (_, i) => JSON.stringify({ command: 'one-time-tokens get-one-time-token-id', args: { id: `t${i}` } })).join('\n');
  const batched = await measure([cli, 'batch'], lines);
  if (batched.lines !== CALLS) throw new Error(`batch wrote ${batched.lines} lines`);
  const started = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) await measure([cli, 'one-time-tokens', 'get-one-time-token-id', '--id', `t${i}`]);
  const separateMs = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`${CALLS} calls:`);
  console.log(`  logto batch (concurrency 4)      ${batched.ms.toFixed(0)} ms, peak RSS ${batched.rssMb.toFixed(1)} MB`);
  console.log(`  ${CALLS} separate invocations       ${separateMs.toFixed(0)} ms`);
  console.log(`  target ≥ 20× faster: ${(separateMs / batched.ms).toFixed(1)}× ${separateMs / batched.ms >= 20 ? 'met' : 'MISSED'}`);
}

await paging();
await batch();
server.close();
