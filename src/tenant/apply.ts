// Runs a plan, change by change, in its order: each change is one step of one or more
// requests, printed as it completes. The first failure stops the run with what was applied
// and what was not.
import type { Registry } from '../catalog/registry';
import { CliError, ExitCode } from '../errors';
import type { IO } from '../output/io';
import type { HttpRequest } from '../request/build';
import type { TenantClient } from './client';
import type { Change, Plan } from './diff';
import { kindNamed, type Endpoint, type KindSpec } from './kinds';
import { bodyFields } from './operations';
import { displayKey, isPlainObject, isSecretPath, leafPaths, type Entry } from './model';
import type { Directory } from './read';

export interface ApplyOptions {
  client: TenantClient;
  registry: Registry;
  directory: Directory;
  io: IO;
  /** Print each write request instead of sending it. */
  dryRun: boolean;
}

const PAST = { create: 'created', update: 'updated', delete: 'deleted' } as const;

export const describeChange = (change: Change) => `${change.action} ${change.kind} ${JSON.stringify(displayKey(change.key))}`;

/** A path placeholder that names the entry itself (`{tokenTypePath}`, `{name}`) carries that field; the body does not repeat it. */
const carriesOwnField = (kind: KindSpec, endpoint: Endpoint) => kind.pathId !== undefined && /\{[^}]+\}$/.test(endpoint.path);

/** The body with secret values masked, for --dry-run output: placeholders stay as the file wrote them. */
function masked(kind: KindSpec, entry: Entry | undefined, body: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(body);
  for (const field of Object.keys(copy)) {
    for (const leaf of leafPaths(copy[field], field)) {
      if (!isSecretPath(kind, leaf, entry)) continue;
      const segments = leaf.split('.');
      const holder = segments.slice(0, -1).reduce<Record<string, unknown>>((at, key) => at[key] as Record<string, unknown>, copy);
      const variable = entry?.placeholders?.[leaf];
      if (isPlainObject(holder)) holder[segments.at(-1)!] = variable ? `\${env:${variable}}` : '[redacted]';
    }
  }
  return copy;
}

export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<void> {
  const { io } = options;
  const total = plan.changes.length;
  for (const [index, change] of plan.changes.entries()) {
    try {
      await applyChange(change, index, options);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      const applied = plan.changes.slice(0, index).map(describeChange);
      const notApplied = plan.changes.slice(index).map(describeChange);
      io.err(`Applied ${applied.length} of ${total} change${total === 1 ? '' : 's'}${applied.length ? `: ${applied.join('; ')}` : ''}.\n`);
      io.err(`Not applied (${notApplied.length}): ${notApplied.join('; ')}.\n`);
      // Ctrl-C keeps its own exit code; any other failure is the documented 1.
      const code = error.exitCode === ExitCode.interrupted ? ExitCode.interrupted : ExitCode.server;
      throw new CliError(`apply stopped at step ${index + 1} of ${total}, ${describeChange(change)}: ${error.message}`, code, error.detail);
    }
    io.out(`[${index + 1}/${total}] ${options.dryRun ? 'would have ' : ''}${PAST[change.action]} ${change.kind} ${JSON.stringify(displayKey(change.key))}\n`);
  }
}

async function applyChange(change: Change, index: number, options: ApplyOptions): Promise<void> {
  const { client, directory } = options;
  const kind = kindNamed(change.kind)!;
  const entry = change.desired ?? change.live!;
  const parentId = kind.parent ? directory.id(kind.parent.kind, entry.parentKey!) : undefined;
  const owner = (id: string | undefined) => [...(parentId !== undefined ? [parentId] : []), ...(id !== undefined ? [id] : [])];
  const send = async (endpoint: Endpoint, ids: string[], body?: Record<string, unknown>): Promise<unknown> => {
    if (options.dryRun) {
      const request: HttpRequest = client.request(endpoint, ids, body && masked(kind, change.desired, body));
      options.io.out(client.describe(request));
      return undefined;
    }
    return client.call(endpoint, ids, body);
  };
  const idsOf = (target: string, keys: string[]) => keys.map((key) => directory.id(target, key) ?? `(${target} ${displayKey(key)})`);

  if (change.action === 'delete') {
    await send(kind.delete!, owner(change.live!.id));
    return;
  }

  let id = change.live?.id;
  const desired = change.desired!;
  const updateAccepts = kind.update ? bodyFields(client.operation(kind.update)) : [];
  const viaCreate = new Set<string>();
  if (change.action === 'create') {
    const accepted = bodyFields(client.operation(kind.create!));
    const inCreate = (field: string) => (accepted.length === 0 ? !(field === kind.pathId && carriesOwnField(kind, kind.create!)) : accepted.includes(field));
    const body = Object.fromEntries(Object.entries(desired.fields).filter(([field]) => inCreate(field)));
    for (const link of kind.links ?? []) {
      if (!link.createField || !accepted.includes(link.createField)) continue;
      body[link.createField] = idsOf(link.target, desired.links[link.field] ?? []);
      viaCreate.add(link.field);
    }
    const created = (await send(kind.create!, owner(kind.pathId ? String(desired.fields[kind.pathId]) : undefined), body)) as Record<string, unknown> | undefined;
    id = kind.pathId ? String(desired.fields[kind.pathId]) : created ? String(created.id) : `(new ${kind.name} ${index + 1})`;
    directory.set(kind.name, change.key, id);
    // Fields only the update operation takes (an application's appLevelAccessControlEnabled) follow at once.
    const later = Object.fromEntries(Object.entries(desired.fields).filter(([field]) => !inCreate(field) && updateAccepts.includes(field)));
    if (Object.keys(later).length > 0) await send(kind.update!, owner(id), later);
  } else {
    const changed = new Set(change.fields.filter((one) => one.secret !== true || one.changed).map((one) => one.path.split('.')[0]));
    if (changed.size > 0) {
      const body =
        kind.update!.method === 'PUT'
          ? Object.fromEntries(Object.entries({ ...change.live!.fields, ...desired.fields }).filter(([field]) => !(field === kind.pathId && carriesOwnField(kind, kind.update!))))
          : Object.fromEntries([...changed].map((field) => [field, desired.fields[field]]));
      await send(kind.update!, kind.shape === 'singleton' ? [] : owner(id), body);
    }
  }
  for (const link of change.links.filter((one) => !viaCreate.has(one.field))) {
    const spec = kind.links!.find((one) => one.field === link.field)!;
    if (link.add.length > 0) await send(spec.add, [id!], { [spec.idsField]: idsOf(spec.target, link.add) });
    for (const targetId of idsOf(spec.target, link.remove)) await send(spec.remove, [id!, targetId]);
  }
}
