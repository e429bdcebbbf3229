// Issue 10, item 3: concurrent `specs sync` runs, readers during syncs, and syncs killed at
// any moment. Logto's real management document, the built CLI as child processes.
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, ROOT, runCli } from './helpers/cli';

// Logto's management document cut down to the tags these tests sync, so that each sync is quick.
const TAGS = ['Users', 'Roles', 'Hooks', 'Applications', 'Audit logs', 'Resources'];
const MANAGEMENT = join(mkdtempSync(join(tmpdir(), 'logto-sync-')), 'management.json');
const full = JSON.parse(readFileSync(join(ROOT, '..', 'shared', 'logto-openapi', 'management.json'), 'utf8')) as { paths: Record<string, Record<string, { tags?: string[] }>> };
const paths = Object.entries(full.paths).filter(([, item]) => Object.values(item).some((operation) => operation.tags?.some((tag) => TAGS.includes(tag))));
writeFileSync(MANAGEMENT, JSON.stringify({ ...full, paths: Object.fromEntries(paths) }));

function user() {
  const env = cleanEnv({ LOGTO_API_KEY: 'token', LOGTO_ENDPOINT: 'http://127.0.0.1:9' });
  const data = join(env.XDG_DATA_HOME, 'logto');
  const specs = join(data, 'specs');
  const sync = (surfaces: string) => runCli(['specs', 'sync', '--from-file', MANAGEMENT, '--surface', surfaces, '-o', 'json'], { env });
  const surfaces = async () => {
    const list = await runCli(['specs', 'list', '-o', 'json'], { env });
    return (JSON.parse(list.stdout) as { surface: string; source: string }[]).filter((row) => row.source !== 'bundled').map((row) => row.surface).sort();
  };
  /** What lies beside the specs link: generations and anything a sync left behind. */
  const beside = () => (existsSync(data) ? readdirSync(data).filter((name) => name !== 'specs').sort() : []);
  const locks = () => (existsSync(join(env.XDG_STATE_HOME, 'logto', 'locks')) ? readdirSync(join(env.XDG_STATE_HOME, 'logto', 'locks')) : []);
  return { env, data, specs, sync, surfaces, beside, locks };
}

describe('concurrent specs sync', () => {
  it('keeps every surface when syncs of different surfaces run at once, and readers never find the specs missing', async () => {
    const u = user();
    expect((await u.sync('users')).code).toBe(0);
    const rounds = [['users', 'roles', 'hooks'], ['applications', 'audit-logs', 'resources']];
    let reads = 0;
    let syncing = true;
    // A reader that runs a synced command again and again while the syncs swap the specs under it.
    const reader = (async () => {
      const failures: string[] = [];
      while (syncing) {
        const help = await runCli(['users', '--help'], { env: u.env });
        reads += 1;
        if (help.code !== 0) failures.push(help.stderr);
      }
      return failures;
    })();
    const synced: string[] = ['users'];
    for (const round of rounds) {
      const runs = await Promise.all(round.map((surface) => u.sync(surface)));
      expect(runs.map((run) => run.code)).toEqual([0, 0, 0]);
      synced.push(...round);
      expect(await u.surfaces()).toEqual([...new Set(synced)].sort());
    }
    syncing = false;
    expect(await reader).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    // The link, the current generation and the previous one; nothing else, no lock left.
    expect(lstatSync(u.specs).isSymbolicLink()).toBe(true);
    expect(u.beside()).toHaveLength(2);
    expect(u.beside()).toContain(readlinkSync(u.specs));
    expect(u.locks()).toEqual([]);
  }, 120_000);

  it('survives SIGKILL at any moment of a sync: the previous specs stay usable, the next sync cleans up and does not wait', async () => {
    const u = user();
    expect((await u.sync('users,roles')).code).toBe(0);
    // Kills spread over a sync's whole run: start-up, parsing, writing, compiling, swapping.
    for (const delay of [30, 120, 240, 360, 500, 700]) {
      const child = spawn(process.execPath, [BIN, 'specs', 'sync', '--from-file', MANAGEMENT, '--surface', 'hooks,roles'], { cwd: ROOT, env: u.env, stdio: 'ignore' });
      // Listened for at once: on a fast machine the sync may finish before the kill.
      const closed = new Promise((resolve) => child.on('close', resolve));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await closed;
      const read = await runCli(['roles', '--help'], { env: u.env });
      expect(read.code, read.stderr).toBe(0);
    }
    const started = Date.now();
    const after = await u.sync('applications');
    expect(after.code, after.stderr).toBe(0);
    // A dead holder's lock is taken over at once, not after a wait.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await u.surfaces()).toEqual(expect.arrayContaining(['applications', 'roles', 'users']));
    expect(u.beside().filter((name) => !name.startsWith('.specs.g-'))).toEqual([]);
    expect(u.beside()).toHaveLength(2);
    expect(u.locks()).toEqual([]);
  }, 120_000);

  it('turns a specs directory made by hand or by an older version into the link, keeping its specs and dropping leftovers', async () => {
    const u = user();
    mkdirSync(u.specs, { recursive: true });
    const own = readFileSync(join(ROOT, 'specs', 'logto-one-time-tokens.yaml'), 'utf8').replace(/one-time-tokens/g, 'my-tokens');
    writeFileSync(join(u.specs, 'logto-my-tokens.yaml'), own);
    for (const leftover of ['.specs.new-4242', '.specs.old-4343']) {
      mkdirSync(join(u.data, leftover));
      writeFileSync(join(u.data, leftover, 'big'), Buffer.alloc(1_000_000));
    }
    expect((await runCli(['my-tokens', '--help'], { env: u.env })).code).toBe(0);
    expect((await u.sync('users')).code).toBe(0);
    expect(lstatSync(u.specs).isSymbolicLink()).toBe(true);
    expect(u.beside()).toEqual([readlinkSync(u.specs)]);
    expect((await runCli(['my-tokens', '--help'], { env: u.env })).code).toBe(0);
    expect((await runCli(['users', '--help'], { env: u.env })).code).toBe(0);
    expect((await runCli(['specs', 'remove', 'users'], { env: u.env })).code).toBe(0);
    expect(await u.surfaces()).toEqual(['my-tokens']);
  }, 60_000);
});
