// Flags and session set-up shared by hand-written commands that talk to Logto.
import { Session } from '../auth/session';
import { DEFAULT_TIMEOUT_SECONDS } from './defaults';
import type { FlagValues } from './flags';
import type { CommandContext } from './context';
import { GLOBAL_FLAGS, type FlagSpec } from './global-flags';
import { usageError } from '../errors';

const pick = (...names: string[]) => GLOBAL_FLAGS.filter((flag) => names.includes(flag.name));

export const CONNECTION_FLAGS: FlagSpec[] = pick('endpoint', 'tenant', 'profile', 'output', 'verbose', 'timeout');

export function sessionFor(values: FlagValues, context: CommandContext): Session {
  const timeout = values.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(values.timeout);
  if (!(timeout > 0)) throw usageError(`--timeout expects a positive number of seconds, got ${JSON.stringify(values.timeout)}`);
  return new Session(
    { endpoint: values.endpoint as string | undefined, tenant: values.tenant as string | undefined, profile: values.profile as string | undefined },
    context.env,
    context.io,
    { verbose: values.verbose === true, timeoutMs: timeout * 1000 },
  );
}

export function requireString(values: FlagValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw usageError(`missing required flag: --${name}`);
  return value;
}
