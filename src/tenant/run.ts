// pull, plan and apply: the table, the reader, the differ and the applier put together.
// The commands in commands/tenant/ only parse flags and call these.
import { readFileSync, writeFileSync } from 'node:fs';
import type { CommandContext } from '../cli/context';
import { GLOBAL_FLAGS, type FlagSpec } from '../cli/global-flags';
import type { GlobalValues } from '../cli/values';
import { closest } from '../cli/suggest';
import { type Registry } from '../catalog/registry';
import { CliError, ExitCode, usageError } from '../errors';
import { applyPlan, describeChange } from './apply';
import { missingOperations, TenantClient } from './client';
import { diffTenant, summaryOf } from './diff';
import { readTenantFile, renderTenantFile, type TenantFile } from './file';
import { childrenOf, kindNamed, TOP_KINDS } from './kinds';
import { entriesOf } from './model';
import { endpointsOf, findSurfaceOperation } from './operations';
import { readTenant, type LiveTenant } from './read';
import { planJson, renderPlan } from './render';
import { runRegistry } from '../cli/run-registry';

/** The global flags that make sense for the tenant commands. */
export const connectionFlags = (...extra: string[]): FlagSpec[] =>
  GLOBAL_FLAGS.filter((flag) => ['endpoint', 'tenant', 'token', 'profile', 'verbose', 'timeout', 'retries', ...extra].includes(flag.name));

export function selectKinds(only: string | undefined): string[] {
  if (only === undefined) return TOP_KINDS.map((kind) => kind.name);
  const names = TOP_KINDS.map((kind) => kind.name);
  return only.split(',').map((raw) => {
    const name = raw.trim();
    if (name === 'users' || name === 'organizations') throw usageError(`--only ${name}: ${name} are data, not configuration; logto tenant leaves them out`);
    if (!names.includes(name)) {
      const hint = closest(name, names);
      throw usageError(`--only: unknown kind ${JSON.stringify(name)}${hint ? ` (did you mean ${hint}?)` : ''}; kinds: ${names.join(', ')}`);
    }
    return name;
  });
}

interface Connection {
  client: TenantClient;
  registry: Registry;
  read(kinds: string[]): Promise<LiveTenant>;
}

/** A named profile's own tenant: the connection variables of the environment must not override it. */
function profileConnection(globals: GlobalValues, context: CommandContext, profile: string): [GlobalValues, CommandContext] {
  const { LOGTO_ENDPOINT, LOGTO_TENANT_ID, LOGTO_API_KEY, ...env } = context.env;
  return [{ ...globals, profile, endpoint: undefined, tenant: undefined, token: undefined }, { ...context, env }];
}

function connect([globals, context]: [GlobalValues, CommandContext], registry: Registry): Connection {
  const client = new TenantClient(registry, globals, context);
  client.endpoint();
  return {
    client,
    registry,
    read: (kinds) => {
      const needed = kinds.flatMap((name) => [kindNamed(name)!, ...childrenOf(name)]).flatMap(endpointsOf);
      const missing = needed.filter((endpoint) => !findSurfaceOperation(registry, endpoint));
      if (missing.length > 0) throw missingOperations(missing);
      // A static token names no application; the profile's own apps (M2M and sign-in) are never pulled.
      const { profile } = client.session;
      const ownClientIds = client.session.staticToken ? [] : [profile['m2m-client-id'], profile['client-id']].filter((id): id is string => Boolean(id));
      return readTenant(client, registry, kinds, { ownClientIds });
    },
  };
}

async function readFile(file: string, context: CommandContext, registry: Registry): Promise<TenantFile> {
  let text: string;
  try {
    text = file === '-' ? await context.io.readStdin() : readFileSync(file, 'utf8');
  } catch (error) {
    throw usageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return readTenantFile(file === '-' ? '(stdin)' : file, text, registry, context.env);
}

export async function pull(options: { file?: string; only?: string }, globals: GlobalValues, context: CommandContext): Promise<void> {
  const kinds = selectKinds(options.only);
  const registry = runRegistry();
  const live = await connect([globals, context], registry).read(kinds);
  const text = renderTenantFile(live.state);
  if (!options.file) return context.io.out(text);
  writeFileSync(options.file, text);
  const count = kinds.reduce((sum, name) => sum + (kindNamed(name)!.shape === 'singleton' ? 1 : entriesOf(live.state, name).size), 0);
  context.io.err(`Wrote ${count} entries of ${kinds.length} kinds to ${options.file}\n`);
}

interface PlanOptions {
  file?: string;
  fromProfile?: string;
  toProfile?: string;
  only?: string;
  prune: boolean;
}

async function makePlan(options: PlanOptions, globals: GlobalValues, context: CommandContext) {
  const registry = runRegistry();
  let desired: TenantFile;
  let subject: string;
  if (options.fromProfile) {
    if (options.file) throw usageError('give either --file or --from-profile, not both');
    const source = await connect(profileConnection(globals, context, options.fromProfile), registry).read(selectKinds(options.only));
    desired = { state: source.state, locate: (path) => `profile ${options.fromProfile}: ${path.join('.')}` };
    subject = `profile ${options.fromProfile}`;
  } else {
    if (!options.file) throw usageError('tenant plan needs --file FILE (the tenant file), or --from-profile NAME');
    if (options.only) throw usageError('--only goes with --from-profile; with --file, the kinds are those the file names');
    desired = await readFile(options.file, context, registry);
    subject = options.file;
  }
  const connection = connect(options.toProfile ? profileConnection(globals, context, options.toProfile) : [globals, context], registry);
  const live = await connection.read([...desired.state.named]);
  const plan = diffTenant(desired.state, live, { prune: options.prune, registry, locate: desired.locate });
  return { plan, live, connection, subject };
}

export async function plan(options: PlanOptions & { output?: string; exitCode: boolean }, globals: GlobalValues, context: CommandContext): Promise<void> {
  if (options.output !== undefined && options.output !== 'json' && options.output !== 'text') throw usageError(`-o for tenant plan is json or text, got ${JSON.stringify(options.output)}`);
  const { plan: result, subject } = await makePlan(options, globals, context);
  if (options.output === 'json') context.io.out(`${JSON.stringify(planJson(result), null, context.io.stdoutIsTTY ? 2 : undefined)}\n`);
  else context.io.out(renderPlan(result, context.io, subject));
  if (options.exitCode && result.changes.length > 0) throw new CliError('', ExitCode.changesPending);
}

async function confirmApply(context: CommandContext): Promise<void> {
  const { io } = context;
  if (!io.stdinIsTTY || !io.stdoutIsTTY) throw usageError('apply changes the tenant: pass --yes to apply without a terminal (or run tenant plan to review first)');
  const { confirm } = await import('@inquirer/prompts');
  if (!(await confirm({ message: 'Apply these changes?', default: false }))) throw new CliError('aborted: nothing was applied', ExitCode.usage);
}

export async function apply(options: { file?: string; prune: boolean; yes: boolean }, globals: GlobalValues, context: CommandContext): Promise<void> {
  const { io } = context;
  if (!options.file) throw usageError('tenant apply needs --file FILE (the tenant file)');
  const { plan: result, live, connection, subject } = await makePlan({ ...options }, globals, context);
  if (result.changes.length === 0) {
    io.out(`No changes: the tenant already matches ${subject}; nothing to apply.\n`);
    return;
  }
  const stuck = result.changes.filter((change) => change.immutable.length > 0);
  if (stuck.length > 0) {
    const first = stuck[0];
    throw usageError(`${describeChange(first)}: Logto cannot change ${first.immutable.join(', ')} in place; nothing was applied (delete the entry and create it anew, or keep the field as it is)`);
  }
  io.out(renderPlan(result, io, subject));
  if (!globals.dryRun && !options.yes) await confirmApply(context);
  await applyPlan(result, { client: connection.client, registry: connection.registry, directory: live.directory, io, dryRun: globals.dryRun !== undefined });
  const summary = summaryOf(result);
  io.out(`${globals.dryRun ? 'Dry run: nothing was sent' : 'Apply complete'}: ${summary.create} created, ${summary.update} updated, ${summary.delete} deleted.\n`);
}
