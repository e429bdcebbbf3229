// A cross-process lock: an exclusive lock file holding its owner's PID, removed when done.
// Used around token refresh (parallel invocations refresh an expired token once) and around
// `logto specs sync` (syncs of different surfaces must not overwrite each other).
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, ExitCode, type ExitCodeValue } from '../errors';
import { stateDir } from './paths';

/** A lock file without a PID is one whose owner died between creating and writing it. */
const EMPTY_STALE_MS = 30_000;
const WAIT_MS = 20_000;

export interface LockOptions {
  /** How long to wait for a live holder. */
  waitMs?: number;
  /** What the holder is doing, for the timeout message. */
  doing?: string;
  /** The exit code of giving up (default: credentials, for token refresh). */
  exitCode?: ExitCodeValue;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes the lock of a holder that is gone. Renaming first means only one waiter takes it;
 * if what it took is no longer the dead holder's lock (someone got in between), it goes back.
 */
function removeDeadLock(file: string, deadPid: number | undefined): void {
  const taken = `${file}.dead-${process.pid}`;
  try {
    renameSync(file, taken);
  } catch {
    return;
  }
  if (holderOf(taken) !== deadPid) {
    try {
      linkSync(taken, file);
    } catch {
      // A new holder exists already; the one we took is lost, but it was younger than a moment.
    }
  }
  rmSync(taken, { force: true });
}

function tryCreate(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, String(process.pid));
  } finally {
    closeSync(fd);
  }
  return true;
}

export async function withLock<T>(env: NodeJS.ProcessEnv, name: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const dir = join(stateDir(env), 'locks');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${name}.lock`);
  const deadline = Date.now() + (options.waitMs ?? WAIT_MS);
  for (let delay = 10; !tryCreate(file); delay = Math.min(delay * 2, 200)) {
    const holder = holderOf(file);
    let dead = holder !== undefined && !isAlive(holder);
    if (holder === undefined) {
      try {
        dead = Date.now() - statSync(file).mtimeMs > EMPTY_STALE_MS;
      } catch {
        continue; // Released meanwhile.
      }
    }
    if (dead) {
      removeDeadLock(file, holder);
      continue;
    }
    if (Date.now() > deadline) {
      throw new CliError(`timed out waiting for another logto process (PID ${holder ?? '?'}) to ${options.doing ?? 'refresh credentials'} (${file})`, options.exitCode ?? ExitCode.credentials);
    }
    await sleep(delay + Math.random() * delay);
  }
  try {
    return await work();
  } finally {
    rmSync(file, { force: true });
  }
}
