// Naftiko capability → compiled surface. Every decision about flags (names,
// types, clashes) is made here, once, at compile time.
import type { NaftikoDocument, NaftikoInput, NaftikoOperation, SpecProblem } from './naftiko';
import type { InputRecord, OperationRecord, SurfaceRecord, ValueType } from './record';
import { RESERVED_FLAGS } from '../cli/global-flags';

const kebab = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[_.\s]+/g, '-')
    .toLowerCase();

/**
 * `grantId` → `grant-id`, `page_size` → `page-size`, and headers lose Logto's prefix:
 * `logto-verification-id` → `verification-id`, unless a path or query input already has
 * that flag (`{verificationId}` of an MFA verification): then the header keeps its full name.
 */
export function flagName(input: Pick<NaftikoInput, 'name' | 'in'>, taken: ReadonlySet<string> = new Set()): string {
  if (input.in !== 'header') return kebab(input.name);
  const short = kebab(input.name.replace(/^logto-/i, ''));
  return taken.has(short) ? kebab(input.name) : short;
}

export function surfaceName(namespace: string): string {
  return namespace.replace(/^logto-/, '');
}

function placeholders(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
}

/** The whole JSON body is the body input named `body`; other body inputs are its top-level fields. */
const isWholeBody = (input: NaftikoInput) => input.in === 'body' && input.name === 'body';

function compileOperation(
  operation: NaftikoOperation,
  path: string,
  at: (string | number)[],
  problems: SpecProblem[],
): Pick<OperationRecord, 'inputs' | 'body'> {
  const declared = operation.inputParameters ?? [];
  const bodyInput = declared.find(isWholeBody);
  // A placeholder the spec forgot still has to be filled: treat it as a required path input.
  const implicit = placeholders(path)
    .filter((name) => !declared.some((input) => input.in === 'path' && input.name === name))
    .map((name): NaftikoInput => ({ name, in: 'path', type: 'string', required: true }));

  const inputs: InputRecord[] = [];
  const byFlag = new Map<string, string>();
  const parameters = [...declared, ...implicit].filter((input) => !isWholeBody(input));
  const parameterFlags = new Set(parameters.filter((input) => input.in === 'path' || input.in === 'query').map((input) => flagName(input)));
  for (const input of parameters) {
    let flag = flagName(input, parameterFlags);
    // A body field may not shadow a parameter; any input may not shadow a global flag.
    if ((input.in === 'body' && parameterFlags.has(flag)) || RESERVED_FLAGS.has(flag)) flag = `${input.in}-${flag}`;
    const clash = byFlag.get(flag);
    if (clash) {
      problems.push({ path: at, message: `inputs ${clash} and ${input.name} both become --${flag}` });
      continue;
    }
    byFlag.set(flag, input.name);
    if (input.in === 'path' && !placeholders(path).includes(input.name)) {
      problems.push({ path: at, message: `path input ${input.name} has no {${input.name}} in ${path}` });
    }
    inputs.push({
      name: input.name,
      in: input.in as InputRecord['in'],
      flag,
      type: (input.type ?? 'string') as ValueType,
      // Path inputs are always required: there is no URL without them.
      required: input.in === 'path' || input.required === true,
      ...(input.description ? { description: input.description } : {}),
      ...(input.enum ? { enum: input.enum.map(String) } : {}),
      ...(input.default !== undefined ? { default: input.default } : {}),
    });
  }
  const hasFields = inputs.some((input) => input.in === 'body');
  return {
    inputs,
    ...(bodyInput || hasFields
      ? { body: { required: bodyInput?.required === true, ...(bodyInput?.description ? { description: bodyInput.description } : {}) } }
      : {}),
  };
}

/** Compiles one validated document; problems are appended, and the surface is still returned for what compiled. */
export function compileSurface(doc: NaftikoDocument, source: string, problems: SpecProblem[]): SurfaceRecord {
  const consumes = doc.capability.consumes;
  const calls = new Map<string, { operation: NaftikoOperation; path: string; auth: OperationRecord['auth']; at: (string | number)[] }>();
  consumes.forEach((consumed, c) => {
    const auth = consumed.authentication?.type === 'bearer' ? 'bearer' : 'none';
    consumed.resources.forEach((resource, r) =>
      resource.operations.forEach((operation, o) =>
        calls.set(`${consumed.namespace}.${operation.name}`, {
          operation,
          path: resource.path,
          auth,
          at: ['capability', 'consumes', c, 'resources', r, 'operations', o],
        }),
      ),
    );
  });

  const mcp = doc.capability.exposes.find((adapter) => adapter.type === 'mcp');
  const operations: OperationRecord[] = (mcp?.tools ?? []).map((tool) => {
    const target = calls.get(tool.call)!;
    return {
      command: tool.name,
      operation: target.operation.name,
      summary: tool.description,
      description: target.operation.description ?? tool.description,
      method: target.operation.method,
      path: target.path,
      hints: {
        readOnly: tool.hints?.readOnly === true,
        destructive: tool.hints?.destructive === true,
        idempotent: tool.hints?.idempotent === true,
      },
      auth: target.auth,
      ...compileOperation(target.operation, target.path, target.at, problems),
    };
  });

  return {
    name: surfaceName(consumes[0].namespace),
    label: doc.info.label,
    description: doc.info.description ?? doc.info.label,
    source,
    operations,
  };
}
