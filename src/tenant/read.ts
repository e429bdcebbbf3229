// Reads the live tenant through the table: lists every kind asked for (and the kinds their
// references point at), keeps the managed fields, turns ids into names.
import type { Registry } from '../catalog/registry';
import { CliError, ExitCode } from '../errors';
import type { TenantClient } from './client';
import { childrenOf, KINDS, kindNamed, type KindSpec, type ReadContext } from './kinds';
import { childKey, displayKey, emptyState, entriesOf, managedFields, type Entry, type TenantState } from './model';

/** Ids by natural key and back, for every kind read, Logto's built-in entries included (references may name them). */
export class Directory {
  private readonly ids = new Map<string, Map<string, string>>();
  private readonly keys = new Map<string, Map<string, string>>();

  set(kind: string, key: string, id: string): void {
    if (!this.ids.has(kind)) this.ids.set(kind, new Map());
    if (!this.keys.has(kind)) this.keys.set(kind, new Map());
    this.ids.get(kind)!.set(key, id);
    this.keys.get(kind)!.set(id, key);
  }

  id(kind: string, key: string): string | undefined {
    return this.ids.get(kind)?.get(key);
  }

  key(kind: string, id: string): string | undefined {
    return this.keys.get(kind)?.get(id);
  }

  entries(kind: string): { key: string; id: string }[] {
    return [...(this.ids.get(kind) ?? [])].map(([key, id]) => ({ key, id }));
  }
}

/** Runs `work` over `items`, a few at a time: one connection per worker, keep-alive. */
export async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const CONCURRENCY = 8;

function pick(item: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]));
}

/** The kinds to read: those asked for, their nested kinds, and what their links point at (for names). */
function kindsToRead(selected: string[]): KindSpec[] {
  const wanted = new Set<string>();
  const add = (name: string) => {
    if (wanted.has(name)) return;
    wanted.add(name);
    const kind = kindNamed(name)!;
    if (kind.parent) add(kind.parent.kind);
    for (const child of childrenOf(name)) add(child.name);
    for (const link of kind.links ?? []) add(link.target);
  };
  selected.forEach(add);
  return KINDS.filter((kind) => wanted.has(kind.name));
}

export interface LiveTenant {
  /** The tenant as the file would write it: Logto's own entries are not in it, so they are never pulled or pruned. */
  state: TenantState;
  directory: Directory;
}

export async function readTenant(client: TenantClient, registry: Registry, selected: string[], context: ReadContext): Promise<LiveTenant> {
  const state = emptyState();
  const directory = new Directory();
  /** Keys of the entries left alone, by kind: their nested entries are left alone too. */
  const leftAlone = new Map<string, Set<string>>();
  const duplicates: string[] = [];
  const kinds = kindsToRead(selected);
  for (const name of selected) state.named.add(name);

  for (const kind of kinds) {
    const fields = managedFields(kind, registry);
    if (kind.shape === 'singleton') {
      const live = (await client.call(kind.get!, [])) as Record<string, unknown>;
      state.singletons.set(kind.name, { key: kind.name, fields: pick(live, fields), links: {} });
      continue;
    }
    const entries = entriesOf(state, kind.name);
    const hidden = new Set<string>();
    leftAlone.set(kind.name, hidden);
    const owners = kind.parent ? directory.entries(kind.parent.kind) : [{ key: '', id: '' }];
    const seen = new Map<string, number>();
    await eachLimited(owners, CONCURRENCY, async (owner) => {
      const items = await client.list(kind.list!, kind.parent ? [owner.id] : []);
      for (const raw of items) {
        const item = kind.fromList ? kind.fromList(raw) : raw;
        const own = String(item[kind.key!]);
        const key = kind.parent ? childKey(owner.key, own) : own;
        const id = String(item[kind.pathId ?? 'id']);
        directory.set(kind.name, key, id);
        if (kind.leftAlone?.(item, context) || (kind.parent && leftAlone.get(kind.parent.kind)?.has(owner.key))) {
          hidden.add(key);
          continue;
        }
        seen.set(key, (seen.get(key) ?? 0) + 1);
        entries.set(key, { key, id, fields: pick(item, fields), links: {}, ...(kind.parent ? { parentKey: owner.key } : {}) });
      }
    });
    if (!kind.unique) {
      for (const [key, count] of seen) if (count > 1) duplicates.push(`${count} ${kind.name} named ${JSON.stringify(displayKey(key))}`);
    }
    if (kind.parent) {
      const managed = new Set(entriesOf(state, kind.parent.kind).keys());
      state.managedChildren.set(kind.name, managed);
    }
  }
  if (duplicates.length > 0) {
    throw new CliError(
      `the tenant has ${duplicates.join(', ')}: Logto does not require these names to be unique, so an entry cannot be matched by name; rename the duplicates first`,
      ExitCode.server,
    );
  }

  // Links last, for the kinds asked for only: every kind they point at is in the directory by now.
  for (const kind of kinds.filter((one) => selected.includes(one.name))) {
    for (const link of kind.links ?? []) {
      const owners = [...entriesOf(state, kind.name).values()].filter((entry) => !link.appliesTo || link.appliesTo.test(entry.fields));
      await eachLimited(owners, CONCURRENCY, async (entry: Entry) => {
        const targets = await client.list(link.list, [entry.id!]);
        entry.links[link.field] = targets.map((target) => directory.key(link.target, String(target.id)) ?? `unknown id ${String(target.id)}`).sort();
      });
    }
  }
  return { state, directory };
}
