import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '../../src/cli/command';
import { usageError } from '../../src/errors';
import { userSpecsDir } from '../../src/catalog/locations';
import { replaceSpecs, specFileOf } from '../../src/catalog/sync';

export const command: Command = {
  description: 'Removes synced (or hand-added) surfaces from $XDG_DATA_HOME/logto/specs/. Bundled surfaces stay; removing a synced surface of the same name removes only its additions.',
  flags: [],
  args: ['surface...'],
  examples: ['logto specs remove applications', 'logto specs remove users roles'],
  async run(_values, surfaces, context) {
    const dir = userSpecsDir(context.env);
    const missing = surfaces.filter((surface) => !existsSync(join(dir, specFileOf(surface))));
    if (missing.length > 0) throw usageError(`no synced surface ${missing.join(', ')} in ${dir}`);
    await replaceSpecs(dir, new Map(), surfaces);
    context.io.err(`Removed ${surfaces.join(', ')}.\n`);
  },
};
