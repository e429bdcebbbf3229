// Cross-process locks: an exclusive lock file that names its holder (PID, the process's
// start time, and how long the holder may take). A waiter takes over at once when the
// holder is gone (kill -9), waits as long as a live holder said it may need, and never
// takes a lock from a live holder.
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError, ExitCode, type ExitCodeValue } from '../errors';
import { stateDir } from './paths';

/** Grace after a live holder's stated deadline: its clean-up (keychain writes) may run a little late. */
const DEADLINE_GRACE_MS = 5_000;
const POLL_MAX_MS = 100;

interface Holder {
  pid: number;
  /** The holder's start time in clock ticks since boot (Linux), so a recycled PID is not mistaken for it. */
  start?: string;
  /** Epoch ms by which the holder will be done with its work. */
  deadline: number;
  ino: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function startTimeOf(pid: number | 'self'): string | undefined {
  try {
    // Field 22 of /proc/PID/stat; the command name (field 2) may hold spaces, so count after its ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

let ownStart: string | undefined | null = null;
const myStart = () => (ownStart === null ? (ownStart = startTimeOf('self')) : ownStart);

function isAlive(holder: Holder): boolean {
  if (holder.pid <= 0) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = holder.start ? startTimeOf(holder.pid) : undefined;
  return !holder.start || start === undefined || start === holder.start;
}

function readHolder(file: string): Holder | undefined {
  try {
    const { ino } = statSync(file);
    const [pid, start, deadline] = readFileSync(file, 'utf8').trim().split(' ');
    if (!/^\d+$/.test(pid)) return { pid: 0, deadline: 0, ino };
    return { pid: Number(pid), start: start === '-' ? undefined : start, deadline: Number(deadline) || 0, ino };
  } catch {
    return undefined;
  }
}

/** Creates `file` atomically with our holder line in it: written aside, then hard-linked into place. */
function tryCreate(file: string, holdMs: number): boolean {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${process.pid} ${myStart() ?? '-'} ${Date.now() + holdMs}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Removes a dead holder's file, unless someone else replaced it meanwhile (checked by inode under a short breaker lock). */
function breakStale(file: string, dead: Holder): void {
  const breaker = `${file}.break`;
  if (!tryCreate(breaker, 1_000)) {
    const other = readHolder(breaker);
    if (other && !isAlive(other)) rmSync(breaker, { force: true });
    return;
  }
  try {
    const now = readHolder(file);
    if (now && now.ino === dead.ino) {
      // Renamed aside first, so that the unlink can never hit a newer lock file.
      const aside = `${file}.dead.${process.pid}`;
      renameSync(file, aside);
      rmSync(aside, { force: true });
    }
  } finally {
    rmSync(breaker, { force: true });
  }
}

export interface LockOptions {
  /** The longest the work under the lock can take; waiters rely on it. */
  holdMs: number;
  /** What the lock protects, for the message when a live holder overruns. */
  what: string;
  /** The exit code when a live holder overruns (default: credentials, for token refresh). */
  exitCode?: ExitCodeValue;
}

/** Runs `work` holding the lock file `file`. */
export async function withFileLock<T>(file: string, options: LockOptions, work: () => Promise<T> | T): Promise<T> {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  for (let delay = 5; ; delay = Math.min(delay * 2, POLL_MAX_MS)) {
    if (tryCreate(file, options.holdMs)) break;
    const holder = readHolder(file);
    if (!holder) continue; // Released meanwhile.
    if (!isAlive(holder)) {
      breakStale(file, holder);
      continue;
    }
    if (Date.now() > holder.deadline + DEADLINE_GRACE_MS) {
      throw new CliError(`another logto process (PID ${holder.pid}) has held the lock on ${options.what} longer than it said it would: ${file}`, options.exitCode ?? ExitCode.credentials);
    }
    await sleep(delay + Math.random() * delay);
  }
  try {
    return await work();
  } finally {
    rmSync(file, { force: true });
  }
}

/** A lock in the state directory's `locks/` folder, e.g. around one profile's token refresh. */
export function withLock<T>(env: NodeJS.ProcessEnv, name: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  return withFileLock(join(stateDir(env), 'locks', `${name}.lock`), options, work);
}
