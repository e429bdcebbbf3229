// Completion as a person gets it: a real bash, zsh and fish in tmux, the script from `logto completion`,
// and Tab pressed after a flag. Values come from the records (enums, synced surfaces) and the config (profiles).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, ROOT, runCli } from './helpers/cli';

const MANAGEMENT = join(ROOT, '..', 'shared', 'logto-openapi', 'management.json');
const SHELLS = {
  // bash lists candidates on the second Tab; zsh and fish on the first (a second would start selecting).
  bash: { start: ['bash', '--norc', '--noprofile'], setup: 'eval "$(logto completion bash)"', tabs: ['Tab', 'Tab'] },
  zsh: { start: ['zsh', '-f'], setup: 'autoload -U compinit && compinit -u && eval "$(logto completion zsh)"', tabs: ['Tab'] },
  fish: { start: ['fish', '--no-config'], setup: 'logto completion fish | source', tabs: ['Tab'] },
} as const;
type Shell = keyof typeof SHELLS;

let env: Record<string, string>;
const sockets: string[] = [];

beforeAll(async () => {
  const bin = mkdtempSync(join(tmpdir(), 'logto-bin-'));
  symlinkSync(BIN, join(bin, 'logto'));
  env = cleanEnv({ PATH: `${bin}:${process.env.PATH}`, TERM: 'xterm', LOGTO_PROFILE: undefined });
  for (const profile of ['staging', 'production']) {
    expect((await runCli(['config', 'set', 'endpoint', `https://${profile}.example.com`, '--profile', profile], { env })).code).toBe(0);
  }
  expect((await runCli(['specs', 'sync', '--from-file', MANAGEMENT, '--surface', 'users,roles'], { env })).code).toBe(0);
});
afterAll(() => {
  for (const socket of sockets) spawnSync('tmux', ['-L', socket, 'kill-server']);
});

const tmux = (socket: string, ...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], { env, encoding: 'utf8' });

/** Polls the screen until `expected` shows (or a deadline passes), and returns the screen. */
async function screenShowing(socket: string, expected: RegExp, deadlineMs = 20_000): Promise<string> {
  const until = Date.now() + deadlineMs;
  let screen = '';
  while (Date.now() < until) {
    screen = tmux(socket, 'capture-pane', '-p', '-t', 'main').stdout;
    if (expected.test(screen)) return screen;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return screen;
}

/** A shell in tmux with logto's completion loaded; `complete` types a line and presses Tab. */
function startShell(shell: Shell) {
  const socket = `logto-test-${shell}-${process.pid}`;
  sockets.push(socket);
  expect(tmux(socket, 'new-session', '-d', '-s', 'main', '-x', '200', '-y', '40', ...SHELLS[shell].start).status).toBe(0);
  // Typed ahead, keys would reach the set-up command instead of the shell: wait for it to finish.
  tmux(socket, 'send-keys', '-t', 'main', SHELLS[shell].setup, 'Enter', 'printf "RE%sDY\\n" A', 'Enter');
  const ready = screenShowing(socket, /^READY$/m);
  return {
    async complete(line: string, expected: RegExp): Promise<string> {
      expect(await ready).toMatch(/^READY$/m);
      tmux(socket, 'send-keys', '-t', 'main', 'C-e', 'C-u', 'clear', 'Enter');
      tmux(socket, 'send-keys', '-t', 'main', line, ...SHELLS[shell].tabs);
      return screenShowing(socket, expected);
    },
    stop: () => tmux(socket, 'kill-server'),
  };
}

describe.each(Object.keys(SHELLS) as Shell[])('%s completion', (shell) => {
  it('lists enum values, -o formats, profile names and synced surfaces, and completes --flag=value', { timeout: 90_000 }, async () => {
    const session = startShell(shell);
    try {
      // An enum of a synced operation (Logto's search modes).
      expect(await session.complete('logto users list-users --mode ', /exact\s+like\s+posix\s+similar_to/)).toMatch(/exact\s+like\s+posix\s+similar_to/);
      const formats = await session.complete('logto users list-users -o ', /csv[\s\S]*wide/);
      for (const format of ['csv', 'json', 'ndjson', 'table', 'tsv', 'wide', 'yaml']) expect(formats.split(/\s+/)).toContain(format);
      expect(await session.complete('logto users list-users --profile ', /production\s+staging/)).toMatch(/production\s+staging/);
      expect(await session.complete('logto users list-users --output=nd', /--output=ndjson/)).toMatch(/logto users list-users --output=ndjson/);
      expect(await session.complete('logto specs remove ', /roles\s+users/)).toMatch(/roles\s+users/);
    } finally {
      session.stop();
    }
  });
});
