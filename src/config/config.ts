// Non-secret settings per profile in $XDG_CONFIG_HOME/logto/config.yaml. Secrets never
// go here. A JSON copy keyed by the file's mtime spares most runs the YAML parser.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { usageError } from '../errors';
import { cacheDir, configDir } from '../auth/paths';

export const LOGIN_METHODS = ['m2m', 'device', 'browser', 'password', 'pat', 'token', 'experience'] as const;
export type LoginMethod = (typeof LOGIN_METHODS)[number];

/** Keys a profile may hold, as written in config.yaml and typed in `logto config set KEY VALUE`. */
export const PROFILE_KEYS = ['endpoint', 'tenant', 'method', 'client-id', 'redirect-uri', 'username', 'resource', 'scope', 'storage', 'subject'] as const;
export type ProfileKey = (typeof PROFILE_KEYS)[number];
export type Profile = Partial<Record<ProfileKey, string>>;

export interface Config {
  profiles: Record<string, Profile>;
}

export const DEFAULT_PROFILE = 'default';

export function profileName(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const name = flag ?? env.LOGTO_PROFILE ?? DEFAULT_PROFILE;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) throw usageError(`invalid profile name ${JSON.stringify(name)}`);
  return name;
}

export const configFile = (env: NodeJS.ProcessEnv) => join(configDir(env), 'config.yaml');
const cacheFile = (env: NodeJS.ProcessEnv) => join(cacheDir(env), 'config.json');

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const file = configFile(env);
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return { profiles: {} };
  }
  try {
    const cached = JSON.parse(readFileSync(cacheFile(env), 'utf8')) as { mtimeMs: number; config: Config };
    if (cached.mtimeMs === mtimeMs) return cached.config;
  } catch {
    // No cache yet: parse the YAML below.
  }
  const { parse } = require('yaml') as typeof import('yaml');
  let config: Config;
  try {
    const parsed = (parse(readFileSync(file, 'utf8')) ?? {}) as Partial<Config>;
    config = { profiles: parsed.profiles ?? {} };
  } catch (error) {
    throw usageError(`cannot read ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  writeCache(env, mtimeMs, config);
  return config;
}

function writeCache(env: NodeJS.ProcessEnv, mtimeMs: number, config: Config): void {
  try {
    mkdirSync(cacheDir(env), { recursive: true });
    writeFileSync(cacheFile(env), JSON.stringify({ mtimeMs, config }));
  } catch {
    // A cache that cannot be written only costs the next run a YAML parse.
  }
}

export function saveConfig(env: NodeJS.ProcessEnv, config: Config): void {
  const file = configFile(env);
  mkdirSync(configDir(env), { recursive: true });
  const { stringify } = require('yaml') as typeof import('yaml');
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `# logto CLI settings. Secrets are kept in the OS keychain, never here.\n${stringify(config)}`);
  renameSync(temporary, file);
  writeCache(env, statSync(file).mtimeMs, config);
}

export function updateProfile(env: NodeJS.ProcessEnv, name: string, update: (profile: Profile) => Profile | undefined): void {
  const config = loadConfig(env);
  const next = update({ ...config.profiles[name] });
  if (next === undefined) delete config.profiles[name];
  else config.profiles[name] = next;
  saveConfig(env, config);
}
