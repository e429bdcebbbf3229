// Parsed flag values → typed values: the operation's inputs checked against their records,
// and the global flags every command reads the same way.
import type { FlagInput } from '@oclif/core/parser';
import { usageError } from '../errors';
import { MAX_RETRIES } from '../request/retry';
import type { InputValue } from '../request/build';
import { checkJsonDepth } from '../request/json-depth';
import type { InputRecord, OperationRecord } from '../catalog/record';
import { oclifFlags, type FlagValues } from './flags';
import { flagsOf } from './global-flags';

export interface GlobalValues {
  endpoint?: string;
  tenant?: string;
  token?: string;
  profile?: string;
  output?: string;
  query?: string;
  columns?: string[];
  verbose: boolean;
  timeout?: number;
  retries?: number;
  dryRun?: 'request' | 'curl';
  yes: boolean;
  /** --no-input: behave as without a terminal wherever the CLI would ask. */
  noInput?: boolean;
  all: boolean;
  limit?: number;
  help: boolean;
  body?: string;
  field?: string[];
  'raw-field'?: string[];
}

export interface ParsedFlags {
  inputs: Record<string, InputValue | undefined>;
  globals: GlobalValues;
}


function count(name: string, raw: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw usageError(`--${name} expects a whole number${min > 0 ? ` of at least ${min}` : ''}${max < Number.MAX_SAFE_INTEGER ? ` and at most ${max}` : ''}, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

/** The longest timer Node can set (2^31-1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** --timeout in seconds, checked; undefined when not given. */
export function timeoutSeconds(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const timeout = Number(raw);
  if (!(timeout > 0) || timeout > MAX_TIMEOUT_SECONDS) throw usageError(`--timeout expects a positive number of seconds, at most ${MAX_TIMEOUT_SECONDS}, got ${JSON.stringify(raw)}`);
  return timeout;
}

/** The parts of the global flags that every command interprets the same way. */
export function globalValues(values: Record<string, unknown>): GlobalValues {
  const timeout = timeoutSeconds(values.timeout);
  const dryRun = values['dry-run'] as string | undefined;
  if (dryRun !== undefined && dryRun !== 'request' && dryRun !== 'curl') throw usageError(`--dry-run takes no value or =curl, got ${JSON.stringify(dryRun)}`);
  const columns = values.columns as string | undefined;
  return {
    endpoint: values.endpoint as string | undefined,
    tenant: values.tenant as string | undefined,
    token: values.token as string | undefined,
    profile: values.profile as string | undefined,
    output: values.output as string | undefined,
    query: values.query as string | undefined,
    columns: columns === undefined ? undefined : columns.split(',').map((column) => column.trim()).filter(Boolean),
    verbose: values.verbose === true,
    help: values.help === true,
    timeout,
    retries: count('retries', values.retries, 0, MAX_RETRIES),
    dryRun: dryRun as GlobalValues['dryRun'],
    yes: values.yes === true,
    noInput: values['no-input'] === true,
    all: values.all === true,
    limit: count('limit', values.limit, 1),
    body: values.body as string | undefined,
    field: values.field as string[] | undefined,
    'raw-field': values['raw-field'] as string[] | undefined,
  };
}

function coerce(input: InputRecord, raw: string | boolean): InputValue {
  if (typeof raw === 'boolean') return raw;
  const flag = `--${input.flag}`;
  if (input.enum && !input.enum.includes(raw)) throw usageError(`${flag} must be one of ${input.enum.join(', ')}, got ${JSON.stringify(raw)}`);
  if (input.type === 'integer') {
    if (!/^-?\d+$/.test(raw)) throw usageError(`${flag} expects an integer, got ${JSON.stringify(raw)}`);
    return Number(raw);
  }
  if (input.type === 'number') {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) throw usageError(`${flag} expects a number, got ${JSON.stringify(raw)}`);
    return value;
  }
  if (input.type === 'object' || input.type === 'array') {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw usageError(`${flag} expects JSON (${input.type === 'object' ? '{...}' : '[...]'}), got ${JSON.stringify(raw)}`);
    }
    if (input.type === 'array' ? !Array.isArray(value) : typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw usageError(`${flag} expects a JSON ${input.type}, got ${JSON.stringify(raw)}`);
    }
    checkJsonDepth(value, flag);
    return value as InputValue;
  }
  return raw;
}

/** The oclif flags of one operation: its inputs (typed afterwards by `inputValues`) and the global ones. */
export function operationFlags(operation: OperationRecord): FlagInput {
  const flags = oclifFlags(flagsOf(operation));
  const inputs = oclifFlags(operation.inputs.map((input) => ({ name: input.flag, kind: input.type === 'boolean' ? 'boolean' : 'string', description: input.description ?? '' })));
  return { ...flags, ...inputs };
}

export function parsedFlags(operation: OperationRecord, values: FlagValues): ParsedFlags {
  const inputs: Record<string, InputValue | undefined> = {};
  for (const input of operation.inputs) {
    const raw = values[input.flag] as string | boolean | undefined;
    inputs[input.flag] = raw === undefined ? undefined : coerce(input, raw);
  }
  return { inputs, globals: globalValues(values) };
}

/** Missing required inputs, all named at once. Body fields are checked on the assembled body instead. */
export function checkRequired(operation: OperationRecord, inputs: Record<string, InputValue | undefined>, obtainedLater?: string): void {
  const missing = operation.inputs.filter((input) => input.in !== 'body' && input.required && inputs[input.flag] === undefined && input.flag !== obtainedLater);
  if (missing.length > 0) {
    throw usageError(`missing required flag${missing.length > 1 ? 's' : ''}: ${missing.map((input) => `--${input.flag}`).join(', ')}`);
  }
}
