// Bundles the CLI with @oclif/core into dist/logto.js: one file to read and compile instead of
// ~150 modules. Libraries loaded only when used stay outside, so they stay lazy.
// oclif's sources get a few start-up fixes on the way in; each is a literal replacement, and the
// build fails when one no longer applies, so an upgrade of @oclif/core cannot drop one silently.
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const oclifRequire = createRequire(createRequire(import.meta.url).resolve('@oclif/core'));
const IS_WSL = createRequire(oclifRequire.resolve('wsl-utils')).resolve('is-wsl');

const OCLIF_PATCHES = [
  {
    // Its first call builds an ICU collator: 15–60 ms on every start, for an order that help does
    // not use (ours sorts by itself). Ids are ASCII, so an ordinal comparison gives the same order.
    file: 'config/plugin.js',
    from: '.sort((a, b) => a.id.localeCompare(b.id));',
    to: '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));',
  },
  {
    // wsl-utils loads child_process and fs/promises for its PowerShell helpers before it answers
    // (~4 ms). Its answer is is-wsl's, which it re-exports: ask is-wsl.
    file: 'util/os.js',
    from: "(await import('wsl-utils')).isWsl",
    to: `(await import(${JSON.stringify(IS_WSL)})).default`,
  },
  {
    // The manifest, package.json files and theme, read through fs/promises: its first use loads
    // node's promise-based fs (~2 ms), and the read takes several event-loop turns. A CLI starting
    // up has nothing to do meanwhile; a synchronous read of these small files is faster.
    file: 'util/fs.js',
    from: "const contents = await (0, promises_1.readFile)(path, 'utf8');",
    to: "const contents = (0, node_fs_1.readFileSync)(path, 'utf8');",
  },
];

function patch(file, source) {
  return OCLIF_PATCHES.filter((one) => one.file === file).reduce((text, { from, to }) => {
    if (!text.includes(from)) throw new Error(`@oclif/core/lib/${file}: "${from}" is gone; check the bundle's start-up`);
    return text.replace(from, to);
  }, source);
}

/**
 * oclif's compiled modules require everything they might use at the top (its errors load its
 * help, logger, theme and spinners; its plugin loader loads a glob library; its timing module
 * perf_hooks; its os module child_process): ~20 ms of every start, for code a plain command run
 * never calls. Each such `const x_1 = require("m")` becomes a proxy that requires "m" on first
 * use, when every use in the file is a member access (`x_1.name`), which a proxy serves exactly.
 */
const REQUIRE_DECLARATION = /^(const|var) (\w+) = (?:(__importDefault|__importStar)\()?require\("([^"]+)"\)\)?;$/gm;
const deferred = new Set();
function deferRequires(file, source) {
  return source.replace(REQUIRE_DECLARATION, (declaration, kind, name, helper, specifier) => {
    const uses = source.split(new RegExp(`\\b${name}\\b`)).length - 2;
    const memberUses = source.split(new RegExp(`\\b${name}\\.`)).length - 1;
    if (uses !== memberUses) return declaration;
    deferred.add(`${file} ${specifier}`);
    const load = helper ? `${helper}(require("${specifier}"))` : `require("${specifier}")`;
    return `${kind} ${name} = __deferredModule(() => ${load});`;
  });
}
const DEFERRED_MODULE = `function __deferredModule(load) {
  let loaded;
  return new Proxy({}, { get: (_, key) => (loaded ??= load())[key], has: (_, key) => key in (loaded ??= load()) });
}`;
// What a plain command run must not pay for; the build fails if one of them is required eagerly again.
const MUST_DEFER = ['errors/index.js ./handle', 'errors/index.js ./error', 'performance.js node:perf_hooks', 'util/os.js node:child_process', 'config/plugin.js tinyglobby', 'config/plugin-loader.js minimatch'];

const oclifLibrary = {
  name: 'oclif-library',
  setup(bundler) {
    bundler.onLoad({ filter: /@oclif[\\/]core[\\/]lib[\\/].*\.js$/ }, async ({ path }) => {
      const file = path.replace(/.*@oclif[\\/]core[\\/]lib[\\/]/, '').replaceAll('\\', '/');
      return { contents: deferRequires(file, patch(file, await readFile(path, 'utf8'))), loader: 'js' };
    });
  },
};

const { outputFiles } = await build({
  entryPoints: ['src/cli/entry.ts'],
  outfile: 'dist/logto.js',
  write: false,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Every start reads and hashes the whole file, and V8 parses each function again on its first
  // call: the minified file is half the size, and a command run ~15 ms faster. Functions and
  // classes keep their names, so a --verbose stack trace still says where it was.
  minify: true,
  keepNames: true,
  // The banner comes before esbuild's own "use strict", so it carries its own.
  banner: { js: `"use strict";\n${DEFERRED_MODULE}` },
  external: [
    'undici', 'undici/*', 'yaml', '@inquirer/*', '@napi-rs/keyring', '@modelcontextprotocol/*', '@jmespath-community/*', 'chalk',
    // oclif's TypeScript support, which this package never uses (it runs its compiled files).
    'typescript', 'ts-node', 'tsx', 'tsx/*',
  ],
  plugins: [oclifLibrary],
  legalComments: 'none',
  logLevel: 'warning',
});

// ASCII only: a file with one other character is decoded into a two-byte string, twice the size to
// hash and compile. esbuild escapes strings but leaves regular expressions, where \uXXXX means the same.
const [bundle] = outputFiles;
await writeFile(bundle.path, bundle.text.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));

const missing = MUST_DEFER.filter((entry) => !deferred.has(entry));
if (missing.length > 0) throw new Error(`oclif modules no longer deferred (check the bundle's start-up): ${missing.join(', ')}`);
