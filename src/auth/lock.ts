// A cross-process lock around token refresh, so that parallel invocations that find the
// same expired token refresh it once: an exclusive lock file, removed when done.
import { mkdirSync, openSync, closeSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, ExitCode } from '../errors';
import { stateDir } from './paths';

const STALE_MS = 30_000;
const WAIT_MS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function withLock<T>(env: NodeJS.ProcessEnv, name: string, work: () => Promise<T>): Promise<T> {
  const dir = join(stateDir(env), 'locks');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${name}.lock`);
  const deadline = Date.now() + WAIT_MS;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    try {
      closeSync(openSync(file, 'wx', 0o600));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        // A holder that died leaves its file behind; take over once it is clearly stale.
        if (Date.now() - statSync(file).mtimeMs > STALE_MS) rmSync(file, { force: true });
      } catch {
        // Removed meanwhile: try again.
      }
      if (Date.now() > deadline) throw new CliError(`timed out waiting for another logto process to refresh credentials (${file})`, ExitCode.credentials);
      await sleep(delay + Math.random() * delay);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(file, { force: true });
  }
}
