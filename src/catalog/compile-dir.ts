// Compiles every capability file of one specs directory into a SpecIndex.
// Used at build time for the bundled specs and at run time for the user's own.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { compileSurface } from './compile';
import { formatYamlPath, validateNaftiko, type NaftikoDocument, type SpecProblem } from './naftiko';
import { INDEX_SCHEMA_VERSION, type SpecIndex, type SurfaceRecord } from './record';

export const isSpecFile = (name: string) => /\.ya?ml$/.test(name);

export interface CompileResult {
  index: SpecIndex;
  /** One line per problem: `file:line: yaml.path: message`. Files with problems are left out of the index. */
  errors: string[];
}

function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: (string | number)[]): string {
  for (let depth = path.length; depth > 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number] } | undefined;
    if (node?.range) return `:${counter.linePos(node.range[0]).line}`;
  }
  return '';
}

export function compileSpecFile(file: string, text: string): { surface?: SurfaceRecord; errors: string[] } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length > 0) {
    return { errors: doc.errors.map((error) => `${file}:${error.linePos?.[0].line ?? '?'}: ${error.message.split('\n')[0]}`) };
  }
  const data = doc.toJS();
  const describe = (problem: SpecProblem) =>
    `${file}${lineOf(doc, counter, problem.path)}: ${formatYamlPath(problem.path) || '(document)'}: ${problem.message}`;
  const invalid = validateNaftiko(data);
  if (invalid.length > 0) return { errors: invalid.map(describe) };
  const problems: SpecProblem[] = [];
  const surface = compileSurface(data as NaftikoDocument, file, problems);
  return problems.length > 0 ? { errors: problems.map(describe) } : { surface, errors: [] };
}

/** Compiles the directory file by file, yielding each file's name first, so that a caller can report progress. */
export function* compileSpecDirSteps(dir: string): Generator<{ file: string; index: number; count: number }, CompileResult> {
  const files = readdirSync(dir).filter(isSpecFile).sort();
  const hash = createHash('sha256');
  const sources: Record<string, number> = {};
  const surfaces: SurfaceRecord[] = [];
  const errors: string[] = [];
  for (const [index, file] of files.entries()) {
    yield { file, index, count: files.length };
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    hash.update(file).update('\0').update(text).update('\0');
    sources[file] = statSync(path).mtimeMs;
    const result = compileSpecFile(file, text);
    errors.push(...result.errors);
    if (!result.surface) continue;
    const clash = surfaces.find((surface) => surface.name === result.surface!.name);
    if (clash) errors.push(`${file}: surface ${result.surface.name} is already defined by ${clash.source}`);
    else surfaces.push(result.surface);
  }
  return {
    index: { schemaVersion: INDEX_SCHEMA_VERSION, sourcesHash: hash.digest('hex'), sources, surfaces },
    errors,
  };
}

export function compileSpecDir(dir: string): CompileResult {
  const steps = compileSpecDirSteps(dir);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}
