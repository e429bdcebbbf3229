import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { outputFor, withOutputFlags } from '../../src/cli/builtin-flags';
import { GLOBAL_FLAGS } from '../../src/cli/global-flags';
import { printData } from '../../src/output/format';
import { userSpecsDir } from '../../src/catalog/locations';
import { loadBundledIndex, loadUserSurfaces } from '../../src/catalog/registry';
import { readSyncRecord } from '../../src/catalog/sync';
import { runRegistry } from '../../src/cli/run-registry';

export default class SpecsListCommand extends BuiltinCommand {
  static summary = 'List the surfaces, their commands and where they came from';

  static description = 'Per surface: its commands, how many come from the bundled spec, how many of those a synced document enriched, how many only the synced document has, and when it was synced.';

  static flags = oclifFlags(withOutputFlags(GLOBAL_FLAGS.filter((flag) => flag.name === 'output')));

  static examples = ['logto specs list', 'logto specs list -o json'];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const bundled = loadBundledIndex().surfaces;
    const user = loadUserSurfaces(context.env).surfaces;
    const record = readSyncRecord(userSpecsDir(context.env));
    const rows = runRegistry().surfaces.map((surface) => {
      const fromBundle = bundled.find((one) => one.name === surface.name);
      const synced = user.find((one) => one.name === surface.name);
      const request = (operation: { method: string; path: string }) => `${operation.method} ${operation.path}`;
      const bundledRequests = new Set(fromBundle?.operations.map(request) ?? []);
      return {
        surface: surface.name,
        commands: surface.operations.length,
        bundled: fromBundle?.operations.length ?? 0,
        enriched: synced ? synced.operations.filter((operation) => bundledRequests.has(request(operation))).length : 0,
        syncedOnly: surface.operations.filter((operation) => !bundledRequests.has(request(operation))).length,
        source: [fromBundle ? 'bundled' : '', synced ? (record.surfaces[surface.name]?.source ?? synced.source) : ''].filter(Boolean).join(' + '),
        syncedAt: record.surfaces[surface.name]?.syncedAt ?? '',
      };
    });
    await printData(rows, outputFor(values, context.io), context.io);
  }
}
