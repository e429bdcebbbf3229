// npm run bench: start-up and request latency of the CLI against its baselines, in one run.
// Uses hyperfine (Debian package `hyperfine`) when installed, else an equivalent harness here.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const work = mkdtempSync(join(tmpdir(), 'logto-bench-'));

const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ id: 'u1', username: 'alice', primaryEmail: 'alice@example.com' }));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const endpoint = `http://127.0.0.1:${server.address().port}`;

// The baseline: the same request in a plain script with the same HTTP library.
const plain = join(work, 'plain-undici.cjs');
writeFileSync(
  plain,
  `const { request } = require(${JSON.stringify(join(ROOT, 'node_modules', 'undici'))});
request(process.env.LOGTO_ENDPOINT + '/api/my-account', { headers: { authorization: 'Bearer ' + process.env.LOGTO_API_KEY } })
  .then((res) => res.body.json())
  .then((data) => process.stdout.write(JSON.stringify(data) + '\\n'));
`,
);

const node = process.execPath;
const bundledOnly = join(work, 'bundled-only');
const synced = join(work, 'all-synced');
// The whole API, synced from Logto's own documents, to show start-up does not grow with it.
const documents = join(ROOT, '..', 'shared', 'logto-openapi');
const sync = spawnSync(node, [join(ROOT, 'bin', 'logto.js'), 'specs', 'sync', ...['management', 'account', 'experience'].flatMap((name) => ['--from-file', join(documents, `${name}.json`)])], {
  env: { ...process.env, XDG_DATA_HOME: synced },
  encoding: 'utf8',
});
if (sync.status !== 0) throw new Error(`specs sync failed: ${sync.stderr}`);
const cli = (data) => `env XDG_DATA_HOME=${data} ${node} ${join(ROOT, 'bin', 'logto.js')}`;
const commands = [
  ['node -e 0', `${node} -e 0`],
  ['plain undici script', `${node} ${plain}`],
  ['logto my-account get-profile', `${cli(bundledOnly)} my-account get-profile`],
  ['logto --help', `${cli(bundledOnly)} --help`],
  ['logto my-account get-profile --help', `${cli(bundledOnly)} my-account get-profile --help`],
  ['all synced: logto my-account get-profile', `${cli(synced)} my-account get-profile`],
  ['all synced: logto --help', `${cli(synced)} --help`],
];
const env = {
  ...process.env,
  LOGTO_ENDPOINT: endpoint,
  LOGTO_API_KEY: 'bench-token',
  NO_COLOR: '1',
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function runOnce(command) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/bin/sh', ['-c', `${command} >/dev/null`], { env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`${command} exited ${code}`))));
  });
}

async function ownHarness() {
  const results = [];
  for (const [name, command] of commands) {
    for (let i = 0; i < 3; i++) await runOnce(command);
    const times = [];
    for (let i = 0; i < RUNS; i++) times.push(await runOnce(command));
    results.push({ name, median: median(times) });
  }
  return results;
}

function hyperfine() {
  const out = join(work, 'hyperfine.json');
  const args = ['--warmup', '3', '--runs', String(RUNS), '--style', 'none', '--export-json', out];
  for (const [name, command] of commands) args.push('--command-name', name, command);
  return new Promise((resolve, reject) => {
    const child = spawn('hyperfine', args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`hyperfine exited ${code}`));
      const { results } = JSON.parse(readFileSync(out, 'utf8'));
      resolve(results.map((result) => ({ name: result.command, median: result.median * 1000 })));
    });
  });
}

const hasHyperfine = spawnSync('hyperfine', ['--version']).status === 0;
const results = hasHyperfine ? await hyperfine() : await ownHarness();
server.close();

const byName = Object.fromEntries(results.map((result) => [result.name, result.median]));
const nodeBaseline = byName['node -e 0'];
const undiciBaseline = byName['plain undici script'];
console.log(`harness: ${hasHyperfine ? 'hyperfine' : 'own'}, ${RUNS} runs each, medians\n`);
console.log(`${'command'.padEnd(38)}${'median'.padStart(10)}${'× node -e 0'.padStart(14)}${'× plain undici'.padStart(16)}`);
for (const { name, median: ms } of results) {
  console.log(`${name.padEnd(38)}${`${ms.toFixed(1)} ms`.padStart(10)}${(ms / nodeBaseline).toFixed(2).padStart(14)}${(ms / undiciBaseline).toFixed(2).padStart(16)}`);
}
const requestRatio = byName['logto my-account get-profile'] / undiciBaseline;
const helpRatio = byName['logto --help'] / nodeBaseline;
console.log(`\ntarget: CLI request ≤ 1.25× plain undici script: ${requestRatio.toFixed(2)}× ${requestRatio <= 1.25 ? 'met' : 'MISSED'}`);
console.log(`target: logto --help ≤ 3× node -e 0: ${helpRatio.toFixed(2)}× ${helpRatio <= 3 ? 'met' : 'MISSED'}`);
for (const name of ['logto my-account get-profile', 'logto --help']) {
  const ratio = byName[`all synced: ${name}`] / byName[name];
  console.log(`target: ${name} with the whole API synced within 10% of bundled-only: ${ratio.toFixed(3)}× ${ratio <= 1.1 ? 'met' : 'MISSED'}`);
}
