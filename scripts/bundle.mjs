// Bundles the CLI with @oclif/core into dist/logto.js: one file to read and compile instead of
// ~150 modules. Libraries loaded only when used stay outside, so they stay lazy.
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

/**
 * oclif sorts command ids with localeCompare, whose first call builds an ICU collator: 15–60 ms
 * on every start, for an order that help does not use (ours sorts by itself). Ids are ASCII, so
 * an ordinal comparison gives the same order.
 */
const ordinalIdSort = {
  name: 'ordinal-id-sort',
  setup(bundler) {
    bundler.onLoad({ filter: /@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin\.js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const from = '.sort((a, b) => a.id.localeCompare(b.id));';
      if (!source.includes(from)) throw new Error(`${path}: the localeCompare sort to replace is gone; check the bundle's start-up`);
      return { contents: source.replace(from, '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));'), loader: 'js' };
    });
  },
};

await build({
  entryPoints: ['src/cli/entry.ts'],
  outfile: 'dist/logto.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: [
    'undici', 'undici/*', 'yaml', '@inquirer/*', '@napi-rs/keyring', '@modelcontextprotocol/*', '@jmespath-community/*', 'chalk',
    // oclif's TypeScript support, which this package never uses (it runs its compiled files).
    'typescript', 'ts-node', 'tsx', 'tsx/*',
  ],
  plugins: [ordinalIdSort],
  legalComments: 'none',
  logLevel: 'warning',
});
