// The request body from --body (inline JSON, @file, - for stdin) and -f/-F fields.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { usageError } from '../errors';
import type { OperationRecord } from '../catalog/record';
import type { InputValue } from './build';
import { fileArgument } from './mime';

export interface FilePart {
  path: string;
  filename: string;
  /** The part's Content-Type. */
  type: string;
  content: Buffer;
}

/** Replaces each file input's path with the file itself, so that building the request stays free of I/O. */
export function readFileInputs(operation: OperationRecord, inputs: Record<string, InputValue | undefined>): void {
  for (const input of operation.inputs.filter((one) => one.type === 'file')) {
    const raw = inputs[input.flag];
    if (typeof raw !== 'string') continue;
    const { path, type } = fileArgument(raw, input.flag);
    let content: Buffer;
    try {
      content = readFileSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw usageError(`cannot read --${input.flag} file ${path}: ${code === 'ENOENT' ? 'no such file' : code ?? (error as Error).message}`);
    }
    inputs[input.flag] = { path, filename: basename(path), type, content } satisfies FilePart;
  }
}

export interface BodyFlags {
  body?: string;
  field?: string[];
  'raw-field'?: string[];
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw usageError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

function readSource(spec: string, what: string, readStdin: () => string): string {
  if (spec === '-') return readStdin();
  try {
    return readFileSync(spec, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`cannot read ${what} file ${spec}: ${code === 'ENOENT' ? 'no such file' : code ?? (error as Error).message}`);
  }
}

/** -F values: JSON when they parse; other text stays a string, but broken JSON structures are an error. */
function typedValue(raw: string, key: string, readStdin: () => string): unknown {
  if (raw.startsWith('@')) return parseJson(readSource(raw.slice(1), `-F ${key}`, readStdin), `-F ${key}=${raw}`);
  try {
    return JSON.parse(raw);
  } catch {
    if (/^\s*[[{"]/.test(raw)) throw usageError(`-F ${key}: value is not valid JSON: ${raw}`);
    return raw;
  }
}

function setDotted(target: Record<string, unknown>, key: string, value: unknown, flag: string): void {
  const parts = key.split('.');
  if (parts.some((part) => part === '')) throw usageError(`${flag} ${key}: empty segment in key`);
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === undefined) node = node[part] = {} as Record<string, unknown>;
    else if (typeof next === 'object' && next !== null && !Array.isArray(next)) node = next as Record<string, unknown>;
    else throw usageError(`${flag} ${key}: ${part} is already set to a value that is not an object`);
  }
  node[parts[parts.length - 1]] = value;
}

function splitField(field: string, flag: string): [string, string] {
  const at = field.indexOf('=');
  if (at <= 0) throw usageError(`${flag} expects key=value, got ${JSON.stringify(field)}`);
  return [field.slice(0, at), field.slice(at + 1)];
}

/** Returns the body to send, or undefined when none was given. */
export function resolveBody(flags: BodyFlags, readStdin: () => string): unknown {
  let body: unknown;
  if (flags.body !== undefined) {
    const source = flags.body;
    body =
      source === '-' || source.startsWith('@')
        ? parseJson(readSource(source === '-' ? '-' : source.slice(1), '--body', readStdin), `--body ${source}`)
        : parseJson(source, '--body');
  }
  const fields = [
    ...(flags.field ?? []).map((field) => ['-f', ...splitField(field, '-f')] as const),
    ...(flags['raw-field'] ?? []).map((field) => ['-F', ...splitField(field, '-F')] as const),
  ];
  if (fields.length === 0) return body;
  if (body === undefined) body = {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw usageError('-f/-F fields need a JSON object body, but --body is not an object');
  }
  for (const [flag, key, raw] of fields) {
    setDotted(body as Record<string, unknown>, key, flag === '-f' ? raw : typedValue(raw, key, readStdin), flag);
  }
  return body;
}
