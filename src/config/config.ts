// Non-secret settings per profile in $XDG_CONFIG_HOME/logto/config.yaml. Secrets never
// go here. A JSON copy keyed by the file's exact text spares most runs the YAML parser.
// Rewrites go through yaml's Document API (comments and unknown keys survive), under a
// cross-process lock, as a temp file renamed into place.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { usageError } from '../errors';
import { cacheDir, configDir } from '../auth/paths';
import { withFileLock } from '../auth/lock';

/** How the user side of a profile signed in. The management side is always an M2M app. */
export const USER_METHODS = ['password', 'device', 'browser', 'pat', 'token', 'experience'] as const;
export type UserMethod = (typeof USER_METHODS)[number];

/** Keys a profile may hold, as written in config.yaml and typed in `logto config set KEY VALUE`. */
export const PROFILE_KEYS = [
  'endpoint',
  'tenant',
  'storage',
  // The management credential: an M2M app.
  'm2m-client-id',
  'resource',
  // The user sign-in.
  'method',
  'client-id',
  'redirect-uri',
  'username',
  'scope',
  'subject',
] as const;
export type ProfileKey = (typeof PROFILE_KEYS)[number];
export type Profile = Partial<Record<ProfileKey, string>>;

/** A profile's two credentials: the management (M2M) app and the user sign-in. */
export type Side = 'm2m' | 'user';
export const signedIn = (profile: Profile, side: Side) => (side === 'm2m' ? Boolean(profile['m2m-client-id']) : Boolean(profile.method));

export interface Config {
  profiles: Record<string, Profile>;
}

export const DEFAULT_PROFILE = 'default';
const HEADER = ' logto CLI settings. Secrets are kept in the OS keychain, never here.';
// The work is a file read and write; the bound is generous because a loaded machine can stall a process for seconds.
const LOCK_HOLD_MS = 60_000;

export function profileName(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const name = flag ?? env.LOGTO_PROFILE ?? DEFAULT_PROFILE;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) throw usageError(`invalid profile name ${JSON.stringify(name)}`);
  return name;
}

export const configFile = (env: NodeJS.ProcessEnv) => join(configDir(env), 'config.yaml');
const cacheFile = (env: NodeJS.ProcessEnv) => join(cacheDir(env), 'config.json');

const kindOf = (value: unknown) => (value === null ? 'nothing' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : `the ${typeof value} ${JSON.stringify(value)}`);
const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A profile written before M2M and user sign-ins lived side by side: `method: m2m` with `client-id`. */
function upgradeLegacy(profile: Profile): Profile {
  if (profile.method !== 'm2m') return profile;
  const { method: _method, 'client-id': clientId, subject: _subject, ...rest } = profile;
  return { ...rest, ...(clientId ? { 'm2m-client-id': clientId } : {}) };
}

/** The parsed YAML as a Config, or a usage error naming the file, the key and what was expected. */
function checkShape(data: unknown, file: string): Config {
  const wrong = (key: string, expected: string, found: unknown) =>
    usageError(`${file}: ${key ? `key "${key}"` : 'the document'} must be ${expected}, found ${kindOf(found)}; fix or remove the file`);
  if (data === null || data === undefined) return { profiles: {} };
  if (!isMap(data)) throw wrong('', 'a mapping with a "profiles" key', data);
  if (data.profiles === undefined || data.profiles === null) return { profiles: {} };
  if (!isMap(data.profiles)) throw wrong('profiles', 'a mapping of profile names to settings', data.profiles);
  const profiles: Record<string, Profile> = {};
  for (const [name, settings] of Object.entries(data.profiles)) {
    if (settings === null) {
      profiles[name] = {};
      continue;
    }
    if (!isMap(settings)) throw wrong(`profiles.${name}`, 'a mapping of settings', settings);
    const profile: Profile = {};
    for (const key of PROFILE_KEYS) {
      const value = settings[key];
      if (value === undefined || value === null) continue;
      if (typeof value === 'object') throw wrong(`profiles.${name}.${key}`, 'a text value', value);
      profile[key] = String(value);
    }
    // Other keys are left as they are: kept in the file, unused.
    profiles[name] = upgradeLegacy(profile);
  }
  return { profiles };
}

function parseYaml(text: string, file: string) {
  const { parseDocument } = require('yaml') as typeof import('yaml');
  const document = parseDocument(text);
  if (document.errors.length > 0) throw usageError(`cannot read ${file}: ${document.errors[0].message.split('\n')[0]}`);
  return { document, config: checkShape(document.toJS(), file) };
}

function writeCache(env: NodeJS.ProcessEnv, text: string, config: Config): void {
  try {
    mkdirSync(cacheDir(env), { recursive: true });
    const temporary = `${cacheFile(env)}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ text, config }), { mode: 0o600 });
    renameSync(temporary, cacheFile(env));
  } catch {
    // A cache that cannot be written only costs the next run a YAML parse.
  }
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const file = configFile(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    throw usageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  // Keyed by the text itself: no timestamp or inode race can pair a config with another file's copy.
  try {
    const cached = JSON.parse(readFileSync(cacheFile(env), 'utf8')) as { text: string; config: Config };
    if (cached.text === text) return cached.config;
  } catch {
    // No cache yet: parse the YAML below.
  }
  const { config } = parseYaml(text, file);
  writeCache(env, text, config);
  return config;
}

/**
 * Read-modify-write of one profile, serialised across processes. `update` gets the current
 * profile and returns the new one (undefined removes the profile). Returns the new profile.
 */
export async function updateProfile(env: NodeJS.ProcessEnv, name: string, update: (profile: Profile) => Profile | undefined): Promise<Profile | undefined> {
  const file = configFile(env);
  mkdirSync(configDir(env), { recursive: true });
  return withFileLock(`${file}.lock`, { holdMs: LOCK_HOLD_MS, what: file }, () => {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw usageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code}`);
    }
    // Checked before anything is written: a file of the wrong shape is reported, never overwritten.
    const { document, config } = parseYaml(text, file);
    if (text === '') document.commentBefore = HEADER;
    const before = config.profiles[name];
    const after = update({ ...before });
    if (after === undefined) {
      document.deleteIn(['profiles', name]);
    } else {
      const raw = (document.getIn(['profiles', name]) ?? undefined) as { toJSON?: () => Record<string, unknown> } | undefined;
      const onDisk = raw?.toJSON?.() ?? {};
      for (const key of PROFILE_KEYS) {
        const value = after[key];
        if (value === undefined) {
          if (key in onDisk) document.deleteIn(['profiles', name, key]);
        } else if (onDisk[key] !== value) {
          document.setIn(['profiles', name, key], value);
        }
      }
      if (!document.hasIn(['profiles', name])) document.setIn(['profiles', name], document.createNode({}));
    }
    const written = String(document);
    const temporary = `${file}.${process.pid}.tmp`;
    // No secrets live here, but endpoints, tenants, app ids and user names are nobody else's business (as gh and kubectl do).
    writeFileSync(temporary, written, { mode: 0o600 });
    renameSync(temporary, file);
    const next = { profiles: { ...config.profiles } };
    if (after === undefined) delete next.profiles[name];
    else next.profiles[name] = after;
    writeCache(env, written, next);
    return after;
  });
}
