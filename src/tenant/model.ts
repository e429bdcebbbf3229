// The engine's one representation of a tenant, whether read from the server or from a
// file: per kind, entries by natural key; references as keys of the kinds they name.
import type { Registry } from '../catalog/registry';
import { childrenOf, KINDS, SERVER_FIELDS, type KindSpec, type ReferenceForm } from './kinds';
import { bodyFields, findSurfaceOperation } from './operations';

export interface Entry {
  /** Natural key; for a nested kind, `[parentKey, key]` as JSON, which is also how references name it. */
  key: string;
  parentKey?: string;
  /** The value that names the entry in paths, when it exists on the server. */
  id?: string;
  /** Managed fields, the identifying one included. */
  fields: Record<string, unknown>;
  /** Link field → keys of the target kind, sorted; a field the file leaves out is not there. */
  links: Record<string, string[]>;
  /** Dotted field path → environment variable, for values the file gave as `${env:NAME}`. */
  placeholders?: Record<string, string>;
  /** YAML path of the entry, for messages about the file. */
  where?: (string | number)[];
}

export interface TenantState {
  /** Top-level kinds the file names or the pull read. */
  named: Set<string>;
  collections: Map<string, Map<string, Entry>>;
  singletons: Map<string, Entry>;
  /** Nested kind → parent keys whose entries list it (only those are compared and pruned). */
  managedChildren: Map<string, Set<string>>;
}

export const emptyState = (): TenantState => ({ named: new Set(), collections: new Map(), singletons: new Map(), managedChildren: new Map() });

export function entriesOf(state: TenantState, kind: string): Map<string, Entry> {
  let entries = state.collections.get(kind);
  if (!entries) state.collections.set(kind, (entries = new Map()));
  return entries;
}

export const childKey = (parentKey: string, key: string) => JSON.stringify([parentKey, key]);

/** How a key reads in messages and the plan: `admin`, or `https://api.example.com read:items` for a nested entry. */
export function displayKey(key: string): string {
  if (!key.startsWith('[')) return key;
  try {
    return (JSON.parse(key) as string[]).join(' ');
  } catch {
    return key;
  }
}

/** A key as the file writes a reference to it. */
export function referenceToFile(form: ReferenceForm, key: string): unknown {
  if (form === 'name') return key;
  const [resource, scope] = JSON.parse(key) as [string, string];
  return { resource, scope };
}

/** A reference as the file writes it → the key, or a problem. */
export function referenceFromFile(form: ReferenceForm, value: unknown): string | { problem: string } {
  if (form === 'name') return typeof value === 'string' && value !== '' ? value : { problem: 'expected a name (a non-empty string)' };
  const ref = value as { resource?: unknown; scope?: unknown } | null;
  if (typeof ref !== 'object' || ref === null || typeof ref.resource !== 'string' || typeof ref.scope !== 'string' || Object.keys(ref).length !== 2) {
    return { problem: 'expected {resource: <API resource indicator>, scope: <scope name>}' };
  }
  return childKey(ref.resource, ref.scope);
}

/**
 * The fields of a kind that the file carries: those the create and update operations accept
 * (so server-generated ones fall away), less what the table ignores, links and nested kinds.
 */
export function managedFields(kind: KindSpec, registry: Registry): string[] {
  const documented = kind.fields ?? [kind.create, kind.update].flatMap((endpoint) => (endpoint ? bodyFields(findSurfaceOperation(registry, endpoint)) : []));
  const excluded = new Set([
    ...SERVER_FIELDS,
    ...(kind.ignore ?? []),
    ...(kind.links ?? []).flatMap((link) => [link.field, link.createField ?? link.field]),
    ...childrenOf(kind.name).map((child) => child.parent!.field),
  ]);
  const fields = new Set(documented.filter((field) => !excluded.has(field)));
  if (kind.key) fields.add(kind.key);
  return [...fields].sort();
}

export const kindIndex = (name: string) => KINDS.findIndex((kind) => kind.name === name);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

export const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Dotted paths of every leaf (scalars and arrays) under a value. */
export function leafPaths(value: unknown, prefix: string): string[] {
  if (!isPlainObject(value) || Object.keys(value).length === 0) return [prefix];
  return Object.keys(value).flatMap((key) => leafPaths(value[key], `${prefix}.${key}`));
}

export function valueAt(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>((at, key) => (isPlainObject(at) ? at[key] : undefined), value);
}

export const isSecretPath = (kind: KindSpec, path: string, entry?: Entry) =>
  (kind.secrets ?? []).some((pattern) => pattern.test(path)) || Object.keys(entry?.placeholders ?? {}).some((one) => one === path || path.startsWith(`${one}.`));
