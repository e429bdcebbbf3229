// Flags and session set-up shared by hand-written commands that talk to Logto.
import { Session } from '../auth/session';
import { DEFAULT_TIMEOUT_SECONDS } from './defaults';
import type { FlagValues } from './flags';
import type { CommandContext } from './context';
import { GLOBAL_FLAGS, type FlagSpec } from './global-flags';
import { usageError } from '../errors';
import type { IO } from '../output/io';
import { presentation, type Presentation } from '../output/format';
import { timeoutSeconds } from './values';

const pick = (...names: string[]) => GLOBAL_FLAGS.filter((flag) => names.includes(flag.name));

export const CONNECTION_FLAGS: FlagSpec[] = pick('endpoint', 'tenant', 'profile', 'output', 'query', 'verbose', 'timeout');

/** How a built-in command prints its data: -o (else `byDefault`, else by terminal) and -q, checked before anything is sent. */
export const outputFor = (values: FlagValues, io: IO, byDefault?: string): Presentation =>
  presentation({ output: (values.output as string | undefined) ?? byDefault, query: values.query as string | undefined }, io);

/** -o or -q given: the caller asked for structured output instead of a bare value. */
export const structured = (values: FlagValues) => values.output !== undefined || values.query !== undefined;

export function sessionFor(values: FlagValues, context: CommandContext): Session {
  const timeout = timeoutSeconds(values.timeout) ?? DEFAULT_TIMEOUT_SECONDS;
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

/** Every built-in command takes -o and -q, as the generated ones do. */
export function withOutputFlags(flags: FlagSpec[]): FlagSpec[] {
  return [...flags, ...pick('output', 'query').filter((flag) => !flags.some((own) => own.name === flag.name))];
}
