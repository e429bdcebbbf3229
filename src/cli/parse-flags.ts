// argv → typed values for one operation, using the flags compiled into its record.
import { parseArgs } from 'node:util';
import { usageError } from '../errors';
import type { InputValue } from '../request/build';
import type { InputRecord, OperationRecord } from '../spec/record';
import { explainParseError, optionsFor } from './command';
import { BODY_FLAGS, GLOBAL_FLAGS, type FlagSpec } from './global-flags';

export interface GlobalValues {
  endpoint?: string;
  tenant?: string;
  token?: string;
  profile?: string;
  output?: string;
  verbose: boolean;
  timeout?: number;
  help: boolean;
  body?: string;
  field?: string[];
  'raw-field'?: string[];
}

export interface ParsedFlags {
  inputs: Record<string, InputValue | undefined>;
  globals: GlobalValues;
}

export function flagsOf(operation: OperationRecord): FlagSpec[] {
  return operation.body ? [...GLOBAL_FLAGS, ...BODY_FLAGS] : GLOBAL_FLAGS;
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
  return raw;
}

export function parseOperationFlags(operation: OperationRecord, argv: string[], command: string): ParsedFlags {
  const options = optionsFor(flagsOf(operation));
  for (const input of operation.inputs) options[input.flag] = { type: input.type === 'boolean' ? 'boolean' : 'string' };
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false, allowNegative: true }));
  } catch (error) {
    throw explainParseError(error as Error, Object.keys(options), command);
  }

  const inputs: Record<string, InputValue | undefined> = {};
  for (const input of operation.inputs) {
    const raw = values[input.flag] as string | boolean | undefined;
    inputs[input.flag] = raw === undefined ? undefined : coerce(input, raw);
  }
  let timeout: number | undefined;
  if (values.timeout !== undefined) {
    timeout = Number(values.timeout);
    if (!(timeout > 0)) throw usageError(`--timeout expects a positive number of seconds, got ${JSON.stringify(values.timeout)}`);
  }
  return {
    inputs,
    globals: {
      endpoint: values.endpoint as string | undefined,
      tenant: values.tenant as string | undefined,
      token: values.token as string | undefined,
      profile: values.profile as string | undefined,
      output: values.output as string | undefined,
      verbose: values.verbose === true,
      help: values.help === true,
      timeout,
      body: values.body as string | undefined,
      field: values.field as string[] | undefined,
      'raw-field': values['raw-field'] as string[] | undefined,
    },
  };
}

/** Missing required inputs, all named at once. */
export function checkRequired(operation: OperationRecord, inputs: Record<string, InputValue | undefined>, obtainedLater?: string): void {
  const missing = operation.inputs.filter((input) => input.required && inputs[input.flag] === undefined && input.flag !== obtainedLater);
  if (missing.length > 0) {
    throw usageError(`missing required flag${missing.length > 1 ? 's' : ''}: ${missing.map((input) => `--${input.flag}`).join(', ')}`);
  }
}
