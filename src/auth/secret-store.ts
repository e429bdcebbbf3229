// Where secrets live: the OS keychain (Secret Service on Linux) by default, or, only
// when the user opts in with --insecure-storage, a 0600 file in the state directory.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, ExitCode } from '../errors';
import { checkSessionBus } from './dbus';
import { withFileLock } from './lock';
import { stateDir } from './paths';

export type StorageKind = 'keychain' | 'file';

export interface SecretStore {
  readonly kind: StorageKind;
  get(account: string): Promise<string | undefined>;
  set(account: string, value: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

export const KEYCHAIN_SERVICE = 'logto-cli';
const KEYCHAIN_TIMEOUT_MS = 5000;
const FILE_LOCK_HOLD_MS = 60_000;

interface AsyncEntry {
  getPassword(signal?: AbortSignal): Promise<string | null>;
  setPassword(password: string, signal?: AbortSignal): Promise<void>;
  deletePassword(signal?: AbortSignal): Promise<boolean>;
}
type AsyncEntryClass = new (service: string, account: string, options?: { store?: string }) => AsyncEntry;

export class KeychainUnavailable extends CliError {
  constructor(
    readonly reason: string,
    advice = 'Use LOGTO_ENDPOINT and LOGTO_API_KEY, or sign in again with --insecure-storage to keep secrets in a 0600 file',
  ) {
    super(`no OS keychain reachable: ${reason}. ${advice}`, ExitCode.credentials);
  }
}

/** Experience commands need the secret store whatever token is set: the interaction lives in its cookie jar. */
export function forExperience(error: unknown): unknown {
  if (!(error instanceof KeychainUnavailable)) return error;
  return new KeychainUnavailable(
    error.reason,
    'Experience commands keep the interaction\'s cookies there (an API token does not apply to them): start with logto experience start --insecure-storage to keep them in a 0600 file',
  );
}

function keychain(Entry: AsyncEntryClass): SecretStore {
  // Pinned to the Secret Service on Linux: without it the library silently falls back to
  // the kernel keyring, where neither secret-tool nor the desktop can see the secret.
  const entry = (account: string) => new Entry(KEYCHAIN_SERVICE, account, process.platform === 'linux' ? { store: 'secret-service' } : undefined);
  const bounded = async <T>(what: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    try {
      return await call(AbortSignal.timeout(KEYCHAIN_TIMEOUT_MS));
    } catch (error) {
      throw new KeychainUnavailable(`${what} failed: ${(error as Error).message.split('\n')[0]}`);
    }
  };
  return {
    kind: 'keychain',
    get: async (account) => (await bounded('reading the keychain', (signal) => entry(account).getPassword(signal))) ?? undefined,
    set: (account, value) => bounded('writing the keychain', (signal) => entry(account).setPassword(value, signal)),
    delete: (account) => bounded('deleting from the keychain', (signal) => entry(account).deletePassword(signal)),
  };
}

function fileStore(env: NodeJS.ProcessEnv): SecretStore {
  const dir = stateDir(env);
  const file = join(dir, 'secrets.json');
  const read = (): Record<string, string> => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  /** Read-modify-write under a cross-process lock, written aside and renamed into place. */
  const change = (edit: (secrets: Record<string, string>) => boolean): Promise<boolean> => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    return withFileLock(`${file}.lock`, { holdMs: FILE_LOCK_HOLD_MS, what: file }, () => {
      const secrets = read();
      if (!edit(secrets)) return false;
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(secrets, null, 2), { mode: 0o600 });
      renameSync(temporary, file);
      return true;
    });
  };
  return {
    kind: 'file',
    get: async (account) => read()[account],
    set: async (account, value) => {
      await change((secrets) => {
        secrets[account] = value;
        return true;
      });
    },
    delete: (account) =>
      change((secrets) => {
        if (!(account in secrets)) return false;
        delete secrets[account];
        return true;
      }),
  };
}

export async function openSecretStore(kind: StorageKind, env: NodeJS.ProcessEnv): Promise<SecretStore> {
  if (kind === 'file') return fileStore(env);
  if (process.platform === 'linux') {
    const reason = await checkSessionBus(env);
    if (reason) throw new KeychainUnavailable(reason);
  }
  const { AsyncEntry } = require('@napi-rs/keyring') as { AsyncEntry: AsyncEntryClass };
  return keychain(AsyncEntry);
}
