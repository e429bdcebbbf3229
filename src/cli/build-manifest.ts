// Build step: oclif.manifest.json, so that oclif lists commands and their flags without loading
// them. Made from the bundled specs only: the developer's synced specs must not leak into it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Plugin } from '@oclif/core/config';
import { settings } from '@oclif/core/settings';
import { createIO } from '../output/io';

const ROOT = join(__dirname, '..', '..', '..');

async function build(): Promise<void> {
  settings.enableAutoTranspile = false;
  const emptyDataHome = mkdtempSync(join(tmpdir(), 'logto-manifest-'));
  try {
    // The bundle's own context: the command map oclif loads lives there.
    const { setContext } = require(join(ROOT, 'dist', 'logto.js')) as { setContext: typeof import('./context').setContext };
    setContext({ io: createIO(), env: { ...process.env, XDG_DATA_HOME: emptyDataHome }, verbose: false });
    const plugin = new Plugin({ root: ROOT, isRoot: true, ignoreManifest: true, errorOnManifestCreate: true });
    await plugin.load();
    const file = join(ROOT, 'oclif.manifest.json');
    writeFileSync(file, `${JSON.stringify(plugin.manifest)}\n`);
    process.stderr.write(`wrote ${Object.keys(plugin.manifest.commands).length} commands → ${file}\n`);
  } finally {
    rmSync(emptyDataHome, { recursive: true, force: true });
  }
}

build().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
