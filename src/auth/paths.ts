// XDG locations of the CLI's own files.
import { homedir } from 'node:os';
import { join } from 'node:path';

const xdg = (env: NodeJS.ProcessEnv, variable: string, fallback: string[]) => env[variable] || join(homedir(), ...fallback);

export const configDir = (env: NodeJS.ProcessEnv) => join(xdg(env, 'XDG_CONFIG_HOME', ['.config']), 'logto');
export const stateDir = (env: NodeJS.ProcessEnv) => join(xdg(env, 'XDG_STATE_HOME', ['.local', 'state']), 'logto');
export const cacheDir = (env: NodeJS.ProcessEnv) => join(xdg(env, 'XDG_CACHE_HOME', ['.cache']), 'logto');
