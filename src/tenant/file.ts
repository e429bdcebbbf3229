// The tenant file: YAML with a schema version, one list per kind sorted by its key, names
// instead of ids, secrets as `${env:NAME}` placeholders. Reading validates it and reports a
// problem as `file:line: yaml.path: problem`, like the spec loader.
import type { Registry } from '../catalog/registry';
import { formatYamlPath } from '../catalog/naftiko';
import { CliError, ExitCode } from '../errors';
import { closest } from '../cli/suggest';
import { childrenOf, kindNamed, TOP_KINDS, type KindSpec } from './kinds';
import {
  childKey,
  compareText,
  displayKey,
  emptyState,
  entriesOf,
  isPlainObject,
  isSecretPath,
  leafPaths,
  managedFields,
  referenceFromFile,
  referenceToFile,
  valueAt,
  type Entry,
  type TenantState,
} from './model';

/** Bump when the file's shape changes; files of other versions are refused, not guessed at. */
export const SCHEMA_VERSION = 1;

const PLACEHOLDER = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;

type YamlPath = (string | number)[];
interface Problem {
  path: YamlPath;
  message: string;
}

export interface TenantFile {
  state: TenantState;
  /** `file:line: yaml.path` for messages about an entry found later (an unknown reference). */
  locate(path: YamlPath): string;
}

export function readTenantFile(file: string, text: string, registry: Registry, env: NodeJS.ProcessEnv): TenantFile {
  const { LineCounter, parseDocument } = require('yaml') as typeof import('yaml');
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const locate = (path: YamlPath) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = (depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)) as { range?: [number, number] } | null | undefined;
      if (node?.range) return `${file}:${counter.linePos(node.range[0]).line}: ${formatYamlPath(path) || '(document)'}`;
    }
    return `${file}: ${formatYamlPath(path) || '(document)'}`;
  };
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    throw new CliError(`${file}:${error.linePos?.[0].line ?? '?'}: not valid YAML: ${error.message.split('\n')[0]}`, ExitCode.usage);
  }
  const problems: Problem[] = [];
  const state = toState(doc.toJS() as unknown, registry, env, problems);
  if (problems.length > 0) {
    const [first] = problems;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new CliError(`${locate(first.path)}: ${first.message}${more}`, ExitCode.usage);
  }
  return { state, locate };
}

/** Replaces `${env:NAME}` strings by the variable's value, noting where each was. */
function resolvePlaceholders(value: unknown, path: YamlPath, field: string, env: NodeJS.ProcessEnv, entry: Entry, problems: Problem[]): unknown {
  if (typeof value === 'string' && value.includes('${env:')) {
    const match = PLACEHOLDER.exec(value);
    if (!match) {
      problems.push({ path, message: `${JSON.stringify(value)} is not a placeholder: write the whole value as \${env:NAME}` });
      return value;
    }
    const resolved = env[match[1]];
    if (resolved === undefined) problems.push({ path, message: `environment variable ${match[1]} is not set` });
    (entry.placeholders ??= {})[field] = match[1];
    return resolved ?? '';
  }
  if (Array.isArray(value)) return value.map((item, index) => resolvePlaceholders(item, [...path, index], `${field}.${index}`, env, entry, problems));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolvePlaceholders(item, [...path, key], `${field}.${key}`, env, entry, problems)]));
  }
  return value;
}

function unknownField(field: string, allowed: string[]): string {
  const hint = closest(field, allowed);
  return `unknown field ${JSON.stringify(field)}${hint ? ` (did you mean ${hint}?)` : ''}`;
}

function readEntry(kind: KindSpec, raw: unknown, path: YamlPath, registry: Registry, env: NodeJS.ProcessEnv, problems: Problem[]): Entry | undefined {
  if (!isPlainObject(raw)) {
    problems.push({ path, message: 'expected a mapping of fields' });
    return undefined;
  }
  const fields = managedFields(kind, registry);
  const links = kind.links ?? [];
  const children = childrenOf(kind.name);
  const allowed = [...fields, ...links.map((link) => link.field), ...children.map((child) => child.parent!.field)];
  const entry: Entry = { key: kind.key ? '' : kind.name, fields: {}, links: {}, where: path };
  if (kind.key) {
    const key = raw[kind.key];
    if (typeof key !== 'string' || key === '') problems.push({ path: [...path, kind.key], message: `${kind.key} is required: the text that identifies the entry` });
    else entry.key = key;
  }
  for (const [field, value] of Object.entries(raw)) {
    if (!allowed.includes(field)) {
      problems.push({ path: [...path, field], message: unknownField(field, allowed) });
      continue;
    }
    const link = links.find((one) => one.field === field);
    if (link) {
      if (link.appliesTo && !link.appliesTo.test(raw)) {
        problems.push({ path: [...path, field], message: `${field} apply only to ${link.appliesTo.entries}` });
        continue;
      }
      if (!Array.isArray(value)) {
        problems.push({ path: [...path, field], message: 'expected a list' });
        continue;
      }
      const form = kindNamed(link.target)!.reference!;
      entry.links[field] = value
        .map((item, index) => {
          const key = referenceFromFile(form, item);
          if (typeof key === 'string') return key;
          problems.push({ path: [...path, field, index], message: key.problem });
          return undefined;
        })
        .filter((key): key is string => key !== undefined)
        .sort();
      continue;
    }
    if (children.some((child) => child.parent!.field === field)) continue;
    entry.fields[field] = resolvePlaceholders(value, [...path, field], field, env, entry, problems);
  }
  return entry;
}

function toState(root: unknown, registry: Registry, env: NodeJS.ProcessEnv, problems: Problem[]): TenantState {
  const state = emptyState();
  if (!isPlainObject(root)) {
    problems.push({ path: [], message: 'expected a mapping with schemaVersion and one key per kind' });
    return state;
  }
  if (root.schemaVersion !== SCHEMA_VERSION) {
    const found = root.schemaVersion === undefined ? 'missing' : JSON.stringify(root.schemaVersion);
    problems.push({ path: ['schemaVersion'], message: `schemaVersion ${found}: this logto reads schemaVersion ${SCHEMA_VERSION}` });
  }
  const names = TOP_KINDS.map((kind) => kind.name);
  for (const [name, value] of Object.entries(root)) {
    if (name === 'schemaVersion') continue;
    const kind = TOP_KINDS.find((one) => one.name === name);
    if (!kind) {
      const hint = closest(name, names);
      problems.push({ path: [name], message: `unknown kind ${JSON.stringify(name)}${hint ? ` (did you mean ${hint}?)` : ''}; kinds: ${names.join(', ')}` });
      continue;
    }
    state.named.add(name);
    if (kind.shape === 'singleton') {
      const entry = readEntry(kind, value, [name], registry, env, problems);
      if (entry) state.singletons.set(name, entry);
      continue;
    }
    readCollection(kind, value, [name], undefined, state, registry, env, problems);
  }
  return state;
}

function readCollection(kind: KindSpec, value: unknown, path: YamlPath, parentKey: string | undefined, state: TenantState, registry: Registry, env: NodeJS.ProcessEnv, problems: Problem[]): void {
  if (!Array.isArray(value)) {
    problems.push({ path, message: `expected a list of ${kind.name}` });
    return;
  }
  const entries = entriesOf(state, kind.name);
  value.forEach((raw, index) => {
    const entry = readEntry(kind, raw, [...path, index], registry, env, problems);
    if (!entry || entry.key === '') return;
    if (parentKey !== undefined) {
      entry.parentKey = parentKey;
      entry.key = childKey(parentKey, entry.key);
    }
    if (entries.has(entry.key)) {
      problems.push({ path: [...path, index, kind.key!], message: `${kind.key} ${JSON.stringify(entry.fields[kind.key!])} appears twice in ${kind.name}` });
      return;
    }
    entries.set(entry.key, entry);
    for (const child of childrenOf(kind.name)) {
      const nested = (raw as Record<string, unknown>)[child.parent!.field];
      if (nested === undefined) continue;
      let managed = state.managedChildren.get(child.name);
      if (!managed) state.managedChildren.set(child.name, (managed = new Set()));
      managed.add(entry.key);
      readCollection(child, nested, [...path, index, child.parent!.field], entry.key, state, registry, env, problems);
    }
  });
}

/** Object keys sorted, the identifying key first: a pull of an unchanged tenant is byte for byte the same. */
function sorted(value: unknown, first?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => sorted(item));
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value).sort((a, b) => (a === first ? -1 : b === first ? 1 : compareText(a, b)));
  return Object.fromEntries(keys.map((key) => [key, sorted(value[key])]));
}

/** `LOGTO_CONNECTORS_GITHUB_CONFIG_CLIENTSECRET`: kind, entry and field, so that every secret has its own variable. */
export const variableFor = (kind: string, key: string, path: string) =>
  ['LOGTO', kind, key, path]
    .join('_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toUpperCase();

interface SecretNote {
  path: YamlPath;
  variable: string;
}

function entryToFile(kind: KindSpec, entry: Entry, state: TenantState, notes: SecretNote[], path: YamlPath): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(entry.fields);
  for (const field of Object.keys(out)) {
    for (const leaf of leafPaths(out[field], field)) {
      const value = valueAt(out, leaf.split('.'));
      if (!isSecretPath(kind, leaf) || typeof value !== 'string' || value === '') continue;
      const variable = variableFor(kind.name, displayKey(entry.key), leaf);
      const segments = leaf.split('.');
      (valueAt(out, segments.slice(0, -1)) as Record<string, unknown>)[segments.at(-1)!] = `\${env:${variable}}`;
      notes.push({ path: [...path, ...segments], variable });
    }
  }
  for (const link of kind.links ?? []) {
    const keys = entry.links[link.field];
    if (keys) out[link.field] = keys.map((key) => referenceToFile(kindNamed(link.target)!.reference!, key));
  }
  const result = sorted(out, kind.key) as Record<string, unknown>;
  for (const child of childrenOf(kind.name)) {
    const nested = [...entriesOf(state, child.name).values()].filter((one) => one.parentKey === entry.key).sort((a, b) => compareText(a.key, b.key));
    result[child.parent!.field] = nested.map((one, index) => entryToFile(child, one, state, notes, [...path, child.parent!.field, index]));
  }
  return result;
}

/** The YAML a pull writes. Secrets a person sets become placeholders, each with a comment naming its variable. */
export function renderTenantFile(state: TenantState): string {
  const { Document } = require('yaml') as typeof import('yaml');
  const notes: SecretNote[] = [];
  const root: Record<string, unknown> = { schemaVersion: SCHEMA_VERSION };
  for (const kind of TOP_KINDS.filter((one) => state.named.has(one.name))) {
    if (kind.shape === 'singleton') {
      const entry = state.singletons.get(kind.name);
      if (entry) root[kind.name] = entryToFile(kind, entry, state, notes, [kind.name]);
      continue;
    }
    const entries = [...entriesOf(state, kind.name).values()].sort((a, b) => compareText(a.key, b.key));
    root[kind.name] = entries.map((entry, index) => entryToFile(kind, entry, state, notes, [kind.name, index]));
  }
  const doc = new Document(root);
  doc.commentBefore = [
    ' Logto tenant configuration: logto tenant plan --file <this file> shows what apply would change.',
    ' Secrets are ${env:NAME} placeholders, read from the environment by plan and apply.',
  ].join('\n');
  for (const note of notes) {
    const node = doc.getIn(note.path, true) as { comment?: string } | undefined;
    if (node) node.comment = ` secret: set ${note.variable} in the environment`;
  }
  return doc.toString({ lineWidth: 0 });
}
