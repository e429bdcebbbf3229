import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { readFileSync } from 'node:fs';
import { bearerToken } from '../../src/auth/tokens';
import { CONNECTION_FLAGS, outputFor, sessionFor, withOutputFlags } from '../../src/cli/builtin-flags';
import { CliError, ExitCode, usageError } from '../../src/errors';
import { printData } from '../../src/output/format';
import { send } from '../../src/request/send';
import { userSpecsDir } from '../../src/catalog/locations';
import type { NaftikoDocument } from '../../src/catalog/naftiko';
import { importOpenApi, WELL_KNOWN_DOCUMENTS } from '../../src/catalog/openapi/import';
import { replaceSpecs, type SyncProgress } from '../../src/catalog/sync';
import { plural } from '../../src/output/plural';
import { withProgress } from '../../src/output/progress';

interface Document {
  source: string;
  text?: string;
  error?: string;
}

async function fromServer(values: FlagValues, context: CommandContext, step: SyncProgress): Promise<Document[]> {
  const session = sessionFor(values, context);
  const endpoint = session.endpoint();
  const documents: Document[] = [];
  for (const [number, route] of WELL_KNOWN_DOCUMENTS.entries()) {
    await step(`fetching document ${number + 1} of ${WELL_KNOWN_DOCUMENTS.length}: ${route.split('/').at(-1)}`);
    const url = `${endpoint.origin}${endpoint.pathname.replace(/\/+$/, '')}${route}`;
    const request = { method: 'GET', origin: endpoint.origin, path: new URL(url).pathname, headers: { accept: 'application/json' } };
    let response;
    try {
      response = await send(request, { ...session.transport, acceptErrors: true });
      if (response.status === 401 || response.status === 403) {
        // A server that guards its documents: ask again with the profile's Management API token.
        const token = await bearerToken(session, 'management');
        response = await send({ ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } }, { ...session.transport, acceptErrors: true });
      }
    } catch (error) {
      // A document that is not valid JSON is skipped like any other unreadable one.
      if (error instanceof CliError && error.detail?.code === 'bad_response') {
        documents.push({ source: url, error: error.message });
        continue;
      }
      throw error;
    }
    documents.push(
      response.status >= 400
        ? { source: url, error: `HTTP ${response.status}` }
        : { source: url, text: typeof response.data === 'string' ? response.data : JSON.stringify(response.data) },
    );
  }
  return documents;
}

function fromFiles(files: string[]): Document[] {
  return files.map((file) => {
    try {
      return { source: file, text: readFileSync(file, 'utf8') };
    } catch (error) {
      throw usageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  });
}

/** Fetches or reads the documents, imports them and writes the surfaces; returns what was written. */
async function importAndWrite(values: FlagValues, context: CommandContext, step: SyncProgress): Promise<{ surface: string; operations: number; source: string }[]> {
  const { io } = context;
  const files = values['from-file'] as string[] | undefined;
  const documents = files ? fromFiles(files) : await fromServer(values, context, step);
  const wanted = (values.surface as string | undefined)?.split(',').map((one) => one.trim()).filter(Boolean);
  const capabilities = new Map<string, { doc: NaftikoDocument; source: string }>();
  let failed = 0;
  for (const document of documents) {
    await step(`importing ${document.source.split('/').at(-1)}`);
    let parsed: unknown;
    try {
      if (document.error) throw new Error(document.error);
      parsed = JSON.parse(document.text!);
    } catch (error) {
      failed += 1;
      io.err(`skipped ${document.source}: ${(error as Error).message.split('\n')[0]}\n`);
      continue;
    }
    const { capabilities: imported, skipped } = importOpenApi(parsed, document.source);
    for (const line of skipped) io.err(`skipped ${line}\n`);
    for (const [surface, doc] of imported) if (!wanted || wanted.includes(surface)) capabilities.set(surface, { doc, source: document.source });
  }
  const unknown = wanted?.filter((surface) => !capabilities.has(surface)) ?? [];
  if (unknown.length > 0) io.err(`no such surface in the documents: ${unknown.join(', ')}\n`);
  if (capabilities.size === 0) throw new CliError(`nothing imported${failed ? `: ${plural(failed, 'document')} could not be read` : ''}; the previous specs are unchanged`, ExitCode.server);

  const dir = userSpecsDir(context.env);
  const { written, errors } = await replaceSpecs(dir, capabilities, [], context.env, step);
  for (const error of errors) io.err(`skipped ${error}\n`);
  const rows = written.map((surface) => ({
    surface,
    operations: capabilities.get(surface)!.doc.capability.exposes.find((adapter) => adapter.type === 'mcp')?.tools?.length ?? 0,
    source: capabilities.get(surface)!.source,
  }));
  io.err(`Synced ${plural(rows.length, 'surface')}, ${plural(rows.reduce((sum, row) => sum + row.operations, 0), 'operation')} into ${dir}\n`);
  return rows;
}

export default class SpecsSyncCommand extends BuiltinCommand {
  static summary = "Import the server's OpenAPI documents: every operation becomes a command";

  static description = [
    "Fetches the server's OpenAPI documents (GET /api/.well-known/{management,user,experience}.openapi.json),",
    'or reads --from-file documents, and writes one Naftiko capability per tag into $XDG_DATA_HOME/logto/specs/,',
    'compiled, so that every operation is a command. What cannot be imported is reported and skipped. The sync is',
    'atomic: if it fails, the previous specs stay.',
  ].join('\n');

  static flags = oclifFlags(withOutputFlags([
    { name: 'from-file', kind: 'string', multiple: true, value: 'FILE', description: 'Import this OpenAPI document instead of fetching (repeatable)' },
    { name: 'surface', kind: 'string', value: 'A,B', description: 'Only write these surfaces; others stay as they are' },
    ...CONNECTION_FLAGS,
  ]));

  static examples = [
    'logto specs sync',
    'logto specs sync --from-file management.json --from-file account.json --from-file experience.json',
    'logto specs sync --surface users,roles',
  ];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const rows = await syncSpecs(values, context);
    await printData(rows, outputFor(values, context.io), context.io);
  }
}

/** The sync, with a progress line on a terminal; also run by `auth login --m2m --sync`. */
export async function syncSpecs(values: FlagValues, context: CommandContext): Promise<{ surface: string; operations: number; source: string }[]> {
  let done = '';
  return withProgress(context.io, context.env, 'specs sync', 'starting', async (progress) => {
    // Each step lets the status line draw: the import and the compile are synchronous work.
    const step = async (status: string) => {
      progress.update(status);
      await new Promise((resolve) => setImmediate(resolve));
    };
    const synced = await importAndWrite(values, context, step);
    done = `${plural(synced.length, 'surface')}, ${plural(synced.reduce((sum, row) => sum + row.operations, 0), 'operation')}`;
    return synced;
  }, () => done);
}
