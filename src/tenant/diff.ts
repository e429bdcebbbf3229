// File (desired) against server (live) → the plan: creates, updates field by field and link
// by link, and deletes (only with --prune), in the order an apply runs them.
import type { Registry } from '../catalog/registry';
import { CliError, ExitCode } from '../errors';
import { KINDS, kindNamed, type KindSpec } from './kinds';
import { bodyFields, findSurfaceOperation } from './operations';
import { compareText, deepEqual, displayKey, entriesOf, isPlainObject, isSecretPath, kindIndex, leafPaths, valueAt, type Entry, type TenantState } from './model';
import type { LiveTenant } from './read';

export interface FieldChange {
  path: string;
  old?: unknown;
  new?: unknown;
  /** A secret: its values never leave the engine, only whether it changes. */
  secret?: boolean;
  changed?: boolean;
}

export interface LinkChange {
  field: string;
  target: string;
  add: string[];
  remove: string[];
}

export interface Change {
  action: 'create' | 'update' | 'delete';
  kind: string;
  key: string;
  desired?: Entry;
  live?: Entry;
  fields: FieldChange[];
  links: LinkChange[];
  /** Fields that differ but that Logto cannot change in place. */
  immutable: string[];
}

export interface Plan {
  changes: Change[];
  /** Live entries of the kinds the file names that the file does not list (deleted only with --prune). */
  notInFile: { kind: string; key: string }[];
}

function valueChanges(kind: KindSpec, entry: Entry, path: string, old: unknown, next: unknown, out: FieldChange[]): void {
  if (deepEqual(old, next)) return;
  // Objects are compared key by key (an absent side counts as empty), so that a secret inside one is never shown whole.
  const asObject = (value: unknown) => (value === undefined ? {} : isPlainObject(value) ? value : undefined);
  const [before, after] = [asObject(old), asObject(next)];
  if (before && after) {
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(compareText)) valueChanges(kind, entry, `${path}.${key}`, before[key], after[key], out);
    return;
  }
  const secret = [old, next].some((value) => leafPaths(value, path).some((leaf) => isSecretPath(kind, leaf, entry)));
  if (secret) out.push({ path, secret: true, changed: true });
  else out.push({ path, ...(old !== undefined ? { old } : {}), ...(next !== undefined ? { new: next } : {}) });
}

/** Fields the file sets that differ from the server; secrets of an updated entry are listed as changed or unchanged. */
function fieldChanges(kind: KindSpec, desired: Entry, live: Entry | undefined): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of Object.keys(desired.fields).sort(compareText)) {
    if (field === kind.key) continue;
    valueChanges(kind, desired, field, live?.fields[field], desired.fields[field], out);
  }
  if (live && out.length > 0) {
    for (const field of Object.keys(desired.fields)) {
      for (const leaf of leafPaths(desired.fields[field], field)) {
        if (isSecretPath(kind, leaf, desired) && !out.some((one) => one.path === leaf) && valueAt(desired.fields, leaf.split('.')) !== undefined) {
          out.push({ path: leaf, secret: true, changed: false });
        }
      }
    }
  }
  return out;
}

function linkChanges(kind: KindSpec, desired: Entry, live: Entry | undefined): LinkChange[] {
  return (kind.links ?? []).flatMap((link) => {
    const wanted = desired.links[link.field];
    if (!wanted || (link.appliesTo && !link.appliesTo.test(desired.fields))) return [];
    const current = new Set(live?.links[link.field] ?? []);
    const add = wanted.filter((key) => !current.has(key));
    const remove = [...current].filter((key) => !wanted.includes(key)).sort(compareText);
    return add.length + remove.length > 0 ? [{ field: link.field, target: link.target, add, remove }] : [];
  });
}

/** Top-level fields that changed but that the update operation does not take. */
function immutableFields(kind: KindSpec, changes: FieldChange[], registry: Registry): string[] {
  if (!kind.update || kind.update.method === 'PUT') return [];
  const accepted = bodyFields(findSurfaceOperation(registry, kind.update));
  if (accepted.length === 0) return [];
  return [...new Set(changes.filter((one) => one.secret !== true || one.changed).map((one) => one.path.split('.')[0]))].filter((field) => !accepted.includes(field));
}

/** Every reference in the file must name an entry of the file or of the tenant. */
function checkReferences(desired: TenantState, live: LiveTenant, locate: (path: (string | number)[]) => string): void {
  for (const kind of KINDS) {
    for (const link of kind.links ?? []) {
      for (const entry of entriesOf(desired, kind.name).values()) {
        for (const key of entry.links[link.field] ?? []) {
          if (entriesOf(desired, link.target).has(key) || live.directory.id(link.target, key) !== undefined) continue;
          const what = kindNamed(link.target)!.parent ? `scope ${JSON.stringify(displayKey(key))}` : `${link.target} entry ${JSON.stringify(key)}`;
          throw new CliError(`${locate([...(entry.where ?? []), link.field])}: refers to ${what}, which neither the file nor the tenant has`, ExitCode.usage);
        }
      }
    }
  }
}

export function diffTenant(desired: TenantState, live: LiveTenant, options: { prune: boolean; registry: Registry; locate: (path: (string | number)[]) => string }): Plan {
  checkReferences(desired, live, options.locate);
  const changes: Change[] = [];
  const notInFile: Plan['notInFile'] = [];
  const deleting = new Set<string>();

  for (const kind of KINDS) {
    const named = kind.parent ? desired.named.has(kind.parent.kind) : desired.named.has(kind.name);
    if (!named) continue;
    if (kind.shape === 'singleton') {
      const wanted = desired.singletons.get(kind.name);
      const current = live.state.singletons.get(kind.name);
      if (!wanted || !current) continue;
      const fields = fieldChanges(kind, wanted, current);
      if (fields.some((one) => one.secret !== true || one.changed)) {
        changes.push({ action: 'update', kind: kind.name, key: kind.name, desired: wanted, live: current, fields, links: [], immutable: immutableFields(kind, fields, options.registry) });
      }
      continue;
    }
    const wantedEntries = entriesOf(desired, kind.name);
    const liveEntries = entriesOf(live.state, kind.name);
    for (const wanted of [...wantedEntries.values()].sort((a, b) => compareText(a.key, b.key))) {
      const current = liveEntries.get(wanted.key);
      const fields = fieldChanges(kind, wanted, current);
      const links = linkChanges(kind, wanted, current);
      if (!current) {
        changes.push({ action: 'create', kind: kind.name, key: wanted.key, desired: wanted, fields, links, immutable: [] });
      } else if (fields.some((one) => one.secret !== true || one.changed) || links.length > 0) {
        changes.push({ action: 'update', kind: kind.name, key: wanted.key, desired: wanted, live: current, fields, links, immutable: immutableFields(kind, fields, options.registry) });
      }
    }
    const managedParents = kind.parent ? desired.managedChildren.get(kind.name) ?? new Set<string>() : undefined;
    for (const current of [...liveEntries.values()].sort((a, b) => compareText(a.key, b.key))) {
      if (wantedEntries.has(current.key)) continue;
      if (managedParents && (!managedParents.has(current.parentKey!) || deleting.has(`${kind.parent!.kind}\n${current.parentKey}`))) continue;
      if (!options.prune) {
        notInFile.push({ kind: kind.name, key: current.key });
        continue;
      }
      deleting.add(`${kind.name}\n${current.key}`);
      changes.push({ action: 'delete', kind: kind.name, key: current.key, live: current, fields: [], links: [], immutable: [] });
    }
  }
  // Creates and updates in the table's order; deletes after them, dependents first.
  const rank = (change: Change) => (change.action === 'delete' ? 2 * KINDS.length - kindIndex(change.kind) : kindIndex(change.kind));
  changes.sort((a, b) => rank(a) - rank(b));
  return { changes, notInFile };
}

export const summaryOf = (plan: Plan) => ({
  create: plan.changes.filter((one) => one.action === 'create').length,
  update: plan.changes.filter((one) => one.action === 'update').length,
  delete: plan.changes.filter((one) => one.action === 'delete').length,
});
