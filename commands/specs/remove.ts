import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifArgs, oclifFlags, type FlagValues } from '../../src/cli/flags';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { usageError } from '../../src/errors';
import { userSpecsDir } from '../../src/catalog/locations';
import { replaceSpecs, specFileOf } from '../../src/catalog/sync';

export default class SpecsRemoveCommand extends BuiltinCommand {
  static summary = 'Remove synced surfaces';

  static strict = false;

  static description = 'Removes synced (or hand-added) surfaces from $XDG_DATA_HOME/logto/specs/. Bundled surfaces stay; removing a synced surface of the same name removes only its additions.';

  static flags = oclifFlags([]);

  static args = oclifArgs(['surface...']);

  static examples = ['logto specs remove applications', 'logto specs remove users roles'];

  async execute(_values: FlagValues, surfaces: string[], context: CommandContext): Promise<void> {
    const dir = userSpecsDir(context.env);
    const missing = surfaces.filter((surface) => !existsSync(join(dir, specFileOf(surface))));
    if (missing.length > 0) throw usageError(`no synced surface ${missing.join(', ')} in ${dir}`);
    await replaceSpecs(dir, new Map(), surfaces);
    context.io.err(`Removed ${surfaces.join(', ')}.\n`);
  }
}
