// The request body from --body (inline JSON, @file, - for stdin) and -f/-F fields.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { usageError } from '../errors';
import type { OperationRecord } from '../catalog/record';
import { MAX_BODY_BYTES, type InputValue } from './build';
import { JsonTooDeep, parseBounded } from './json-depth';
import { fileArgument } from './mime';
import { isSecretName } from './redact';

export interface FilePart {
  path: string;
  filename: string;
  /** The part's Content-Type. */
  type: string;
  content: Buffer;
}

/** Replaces each file input's path with the file itself, so that building the request stays free of I/O. */
/**
 * Reads each file input (`PATH[;type=MIME]`). `allow`, when given, vets the path once split from
 * its type and returns the path to read (MCP: the real path inside --allow-files DIR) or throws.
 */
export function readFileInputs(operation: OperationRecord, inputs: Record<string, InputValue | undefined>, allow?: (path: string, flag: string) => string): void {
  for (const input of operation.inputs.filter((one) => one.type === 'file')) {
    const raw = inputs[input.flag];
    if (typeof raw !== 'string') continue;
    const argument = fileArgument(raw, input.flag);
    const { type } = argument;
    const path = allow ? allow(argument.path, input.flag) : argument.path;
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
    return parseBounded(text);
  } catch (error) {
    throw usageError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

const tooLarge = (what: string) => usageError(`${what} is larger than ${MAX_BODY_BYTES / 2 ** 20} MB`);

async function readStdinBounded(what: string, readStdin: () => Promise<string>): Promise<string> {
  let text: string;
  try {
    text = await readStdin();
  } catch (error) {
    // Past Node's longest string: certainly past our limit too.
    if ((error as NodeJS.ErrnoException).code === 'ERR_STRING_TOO_LONG') throw tooLarge(what);
    throw error;
  }
  if (text.length > MAX_BODY_BYTES) throw tooLarge(what);
  return text;
}

async function readSource(spec: string, what: string, readStdin: () => Promise<string>): Promise<string> {
  if (spec === '-') return readStdinBounded(what, readStdin);
  try {
    // Checked before reading, so a huge file is refused without filling memory.
    if (statSync(spec).size > MAX_BODY_BYTES) throw tooLarge(`${what} file ${spec}`);
    return readFileSync(spec, 'utf8');
  } catch (error) {
    if (error instanceof Error && !('code' in error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`cannot read ${what} file ${spec}: ${code === 'ENOENT' ? 'no such file' : code ?? (error as Error).message}`);
  }
}

/** -F values: JSON when they parse; other text stays a string, but broken JSON structures are an error. */
async function typedValue(raw: string, key: string, readStdin: () => Promise<string>): Promise<unknown> {
  if (raw.startsWith('@')) return parseJson(await readSource(raw.slice(1), `-F ${key}`, readStdin), `-F ${key}=${raw}`);
  try {
    return parseBounded(raw);
  } catch (error) {
    if (error instanceof JsonTooDeep) throw usageError(`-F ${key} is ${error.message}`);
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
export async function resolveBody(flags: BodyFlags, readStdin: () => Promise<string>): Promise<unknown> {
  let body: unknown;
  if (flags.body !== undefined) {
    const source = flags.body;
    body =
      source === '-' || source.startsWith('@')
        ? parseJson(await readSource(source === '-' ? '-' : source.slice(1), '--body', readStdin), `--body ${source}`)
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
    setDotted(body as Record<string, unknown>, key, flag === '-f' ? await textValue(raw, key, readStdin) : await typedValue(raw, key, readStdin), flag);
  }
  return body;
}

/** `-f password=@-`: the value is stdin's text (one trailing newline dropped), so it never shows in the process list. */
async function textValue(raw: string, key: string, readStdin: () => Promise<string>): Promise<string> {
  if (raw !== '@-') return raw;
  return (await readStdinBounded(`-f ${key}`, readStdin)).replace(/\r?\n$/, '');
}

/** Warns when secret-looking body fields were typed on the command line, and shows the stdin form. */
export function warnSecretFields(flags: BodyFlags, typedFields: string[], warn: (text: string) => void): void {
  const names = secretFieldsOnCommandLine(flags, typedFields);
  if (names.length === 0) return;
  warn(`warning: ${names.join(', ')} on the command line shows in shell history and the process list; pass ${names.length > 1 ? 'them' : 'it'} on stdin instead: -f ${names[0]}=@- or --body -\n`);
}

/** Secret-looking body fields whose values were typed on the command line (readable in ps and shell history). */
function secretFieldsOnCommandLine(flags: BodyFlags, typedFields: string[]): string[] {
  const names: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value !== 'object' || value === null) return;
    for (const [key, item] of Object.entries(value)) {
      if (isSecretName(key)) names.push(path + key);
      else visit(item, `${path}${key}.`);
    }
  };
  if (flags.body !== undefined && flags.body !== '-' && !flags.body.startsWith('@')) {
    try {
      visit(JSON.parse(flags.body), '');
    } catch {
      // Reported as invalid JSON elsewhere.
    }
  }
  for (const field of [...(flags.field ?? []), ...(flags['raw-field'] ?? [])]) {
    const at = field.indexOf('=');
    const key = field.slice(0, at);
    const value = field.slice(at + 1);
    if (at > 0 && !value.startsWith('@') && key.split('.').some(isSecretName)) names.push(key);
  }
  return [...names, ...typedFields.filter(isSecretName)];
}
