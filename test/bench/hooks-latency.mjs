// npm run bench:hooks: latency from a webhook delivery to the request `hooks listen` forwards,
// on loopback. A minimal Management API registers the temporary hook; deliveries are signed
// as Logto signs them; the forward target stamps each arrival with the sender's clock.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 300);
const WARMUP = 20;

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
const readBody = (req) => new Promise((resolve) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
});

const hooks = new Map();
const api = createServer(async (req, res) => {
  const body = await readBody(req);
  const reply = (status, value) => res.writeHead(status, { 'content-type': 'application/json' }).end(value === undefined ? '' : JSON.stringify(value));
  if (req.url.startsWith('/api/hooks?')) return reply(200, [...hooks.values()]);
  if (req.method === 'POST' && req.url === '/api/hooks') {
    const hook = { id: 'bench-hook', ...JSON.parse(body), signingKey: 'bench-signing-key', enabled: true };
    hooks.set(hook.id, hook);
    return reply(201, hook);
  }
  if (req.method === 'DELETE') return hooks.delete(req.url.split('/').pop()), reply(204);
  reply(404, { code: 'route.not_found' });
});
const endpoint = await listen(api);

let arrived;
const target = createServer(async (req, res) => {
  await readBody(req);
  arrived?.(performance.now());
  res.writeHead(200).end('ok');
});
const targetUrl = await listen(target);

const cli = spawn(process.execPath, [join(ROOT, 'bin', 'logto.js'), 'hooks', 'listen', '--events', 'User.Created', '--forward-to', `${targetUrl}/webhook`, '-o', 'ndjson'], {
  env: { ...process.env, LOGTO_ENDPOINT: endpoint, LOGTO_API_KEY: 'bench-token', XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'logto-bench-')) },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let stderr = '';
const listening = new Promise((resolve) => cli.stderr.on('data', (chunk) => {
  stderr += chunk;
  const found = /Listening on (\S+) /.exec(stderr);
  if (found) resolve(found[1]);
}));
const listener = await listening;

async function timed(url, signed) {
  const body = JSON.stringify({ event: 'User.Created', hookId: 'bench-hook', createdAt: new Date().toISOString(), data: { id: 'u1', username: 'alice' } });
  const headers = { 'content-type': 'application/json', 'user-agent': 'Logto (https://logto.io/)' };
  if (signed) headers['logto-signature-sha-256'] = createHmac('sha256', 'bench-signing-key').update(body).digest('hex');
  const reached = new Promise((resolve) => (arrived = resolve));
  const sent = performance.now();
  const response = await fetch(url, { method: 'POST', headers, body });
  await response.text();
  return (await reached) - sent;
}

const stats = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95), min: sorted[0], max: sorted.at(-1) };
};
const measure = async (url, signed) => {
  for (let i = 0; i < WARMUP; i++) await timed(url, signed);
  const samples = [];
  for (let i = 0; i < DELIVERIES; i++) samples.push(await timed(url, signed));
  return stats(samples);
};

const direct = await measure(`${targetUrl}/webhook`, false);
const forwarded = await measure(listener, true);
cli.kill('SIGINT');
await new Promise((resolve) => cli.on('close', resolve));
api.close();
target.close();

const ms = (value) => `${value.toFixed(2)} ms`;
console.log(`hooks listen forwarding latency on loopback, ${DELIVERIES} sequential deliveries after ${WARMUP} warm-up:`);
console.log(`  delivery sent -> forwarded request received: median ${ms(forwarded.median)}, p95 ${ms(forwarded.p95)}, min ${ms(forwarded.min)}, max ${ms(forwarded.max)}`);
console.log(`  the same request sent straight to the target: median ${ms(direct.median)}, p95 ${ms(direct.p95)}`);
console.log(`  added by the listener (verify, forward): median ${ms(forwarded.median - direct.median)}`);
console.log(`  temporary hook deleted on exit: ${hooks.size === 0}`);
