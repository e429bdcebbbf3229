// Build step: validates specs/ and writes the compiled index the CLI reads at run time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { compileSpecDir } from './compile-dir';
import { BUNDLED_INDEX, BUNDLED_SPECS } from './locations';
import { plural } from '../output/plural';

const { index, errors } = compileSpecDir(BUNDLED_SPECS);
if (errors.length > 0) {
  for (const error of errors) process.stderr.write(`specs/${error}\n`);
  process.stderr.write(`spec build failed: ${errors.length} problem(s)\n`);
  process.exit(1);
}
mkdirSync(dirname(BUNDLED_INDEX), { recursive: true });
writeFileSync(BUNDLED_INDEX, JSON.stringify(index));
const operations = index.surfaces.reduce((sum, surface) => sum + surface.operations.length, 0);
process.stdout.write(`compiled ${plural(index.surfaces.length, 'surface')}, ${plural(operations, 'operation')} → ${BUNDLED_INDEX}\n`);
