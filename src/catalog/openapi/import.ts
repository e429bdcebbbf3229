// OpenAPI 3 → Naftiko capabilities, one per tag, in the structure of the bundled specs
// (consumes, a REST adapter, an MCP adapter whose hints follow the method). What cannot
// be expressed is reported by name and skipped; it never stops the rest.
import type { NaftikoDocument, NaftikoInput } from '../naftiko';
import { plural } from '../../output/plural';

type Json = Record<string, unknown>;

export interface ImportResult {
  /** Surface name → capability. */
  capabilities: Map<string, NaftikoDocument>;
  /** One line per operation or parameter that was left out, with the reason. */
  skipped: string[];
}

/** The routes a Logto server describes itself on, without a token (see its own documents' paths). */
export const WELL_KNOWN_DOCUMENTS = ['/api/.well-known/management.openapi.json', '/api/.well-known/user.openapi.json', '/api/.well-known/experience.openapi.json'];

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const TYPES = new Set(['string', 'integer', 'number', 'boolean', 'object', 'array']);

export const kebab = (text: string) =>
  text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

/** `One-time tokens` → `one-time-tokens`, `My account` → `my-account`. */
export const surfaceOfTag = (tag: string) => kebab(tag);

function resolver(doc: Json) {
  const resolve = <T = Json>(node: unknown, depth = 0): T => {
    const ref = (node as { $ref?: string } | undefined)?.$ref;
    if (!ref || depth > 20) return node as T;
    if (!ref.startsWith('#/')) throw new Error(`external $ref ${ref}`);
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, key) => (at as Json | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    if (target === undefined) throw new Error(`unresolvable $ref ${ref}`);
    return resolve<T>(target, depth + 1);
  };
  return resolve;
}

function typeOf(schema: Json | undefined): string {
  if (!schema) return 'string';
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((one) => one !== 'null') : (schema.type as string | undefined);
  if (type && TYPES.has(type)) return type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  const variants = (schema.oneOf ?? schema.anyOf) as Json[] | undefined;
  return variants ? typeOf(variants[0]) : 'string';
}

const firstLine = (text: unknown) => (typeof text === 'string' ? text.split('\n')[0].trim() : undefined);

function input(name: string, where: string, schema: Json | undefined, required: boolean, description: unknown): NaftikoInput {
  const out: NaftikoInput = { name, in: where, type: typeOf(schema) };
  const text = firstLine(description) ?? firstLine(schema?.description);
  if (text) out.description = text;
  if (required) out.required = true;
  if (Array.isArray(schema?.enum)) out.enum = (schema!.enum as unknown[]).filter((value) => value !== null);
  if (schema?.default !== undefined) out.default = schema.default;
  return out;
}

/**
 * Logto's list operations declare `search_params`, an exploded free-form object whose keys
 * travel as query parameters of their own: the common keys become typed flags.
 */
function searchParams(): NaftikoInput[] {
  return [
    { name: 'search', in: 'query', type: 'string', description: 'Search every searchable field; in like mode use SQL wildcards, e.g. %alice%' },
    { name: 'mode', in: 'query', type: 'string', enum: ['like', 'exact', 'similar_to', 'posix'], description: 'How --search matches (default like)' },
    { name: 'joint', in: 'query', type: 'string', enum: ['or', 'and'], description: 'How several search conditions combine' },
    { name: 'isCaseSensitive', in: 'query', type: 'boolean', description: 'Case-sensitive search' },
  ];
}

interface Operation {
  method: string;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  inputs: NaftikoInput[];
}

function operationOf(doc: Json, path: string, method: string, raw: Json, skipped: string[]): Operation | undefined {
  const resolve = resolver(doc);
  const id = raw.operationId as string | undefined;
  const name = id ?? `${method} ${path}`;
  if (!id) {
    skipped.push(`${method.toUpperCase()} ${path}: no operationId, so no stable command name`);
    return undefined;
  }
  const inputs: NaftikoInput[] = [];
  const parameters = [...((doc.paths as Json)[path] as Json).parameters as Json[] ?? [], ...((raw.parameters as Json[]) ?? [])];
  for (const reference of parameters) {
    const parameter = resolve(reference);
    const where = parameter.in as string;
    const schema = resolve<Json | undefined>(parameter.schema);
    if (where === 'cookie') {
      skipped.push(`${name}: cookie parameter ${String(parameter.name)} left out`);
      continue;
    }
    if (where === 'query' && typeOf(schema) === 'object' && parameter.explode !== false) {
      if (parameter.name === 'search_params') inputs.push(...searchParams());
      else skipped.push(`${name}: exploded object parameter ${String(parameter.name)} left out (use logto api)`);
      continue;
    }
    inputs.push(input(String(parameter.name), where, schema, where === 'path' || parameter.required === true, parameter.description));
  }

  const requestBody = resolve<Json | undefined>(raw.requestBody);
  if (requestBody) {
    const content = (requestBody.content ?? {}) as Json;
    const json = content['application/json'] as Json | undefined;
    const multipart = content['multipart/form-data'] as Json | undefined;
    if (!json && multipart) {
      // Uploads: each property is a form part; one without a type (or binary) is a file, given as a path.
      const schema = resolve<Json>(multipart.schema ?? {});
      for (const [field, propertySchema] of Object.entries((schema.properties ?? {}) as Json)) {
        const property = resolve<Json>(propertySchema);
        const isFile = !property.type || property.format === 'binary';
        inputs.push({ ...input(field, 'formData', property, requestBody.required === true || isFile, property.description), ...(isFile ? { type: 'file' } : {}) });
      }
      return { method: method.toUpperCase(), path, operationId: id, summary: firstLine(raw.summary) ?? id, description: firstLine(raw.description), inputs };
    }
    if (!json) {
      skipped.push(`${name}: request body ${Object.keys(content).join(', ')} is not JSON (use logto api)`);
      return undefined;
    }
    const schema = resolve<Json>(json.schema ?? {});
    const required = requestBody.required === true;
    inputs.push({ name: 'body', in: 'body', type: typeOf(schema) === 'array' ? 'array' : 'object', description: 'Request body (JSON).', ...(required ? { required: true } : {}) });
    if (typeOf(schema) === 'object') {
      const requiredFields = new Set((schema.required as string[] | undefined) ?? []);
      for (const [field, propertySchema] of Object.entries((schema.properties ?? {}) as Json)) {
        if (field === 'body') continue;
        inputs.push(input(field, 'body', resolve<Json>(propertySchema), required && requiredFields.has(field), (propertySchema as Json).description));
      }
    }
  }
  return { method: method.toUpperCase(), path, operationId: id, summary: firstLine(raw.summary) ?? id, description: firstLine(raw.description), inputs };
}

const hintsOf = (method: string) => ({
  readOnly: method === 'GET',
  destructive: method === 'DELETE',
  idempotent: method === 'GET' || method === 'PUT' || method === 'DELETE',
});

const resourceName = (path: string) => path.replace(/^\//, '').replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+/g, '-');

function capability(surface: string, tag: string, operations: Operation[], source: string): NaftikoDocument {
  const namespace = `logto-${surface}`;
  const label = `Logto API — ${tag}`;
  const byPath = new Map<string, Operation[]>();
  for (const operation of operations) byPath.set(operation.path, [...(byPath.get(operation.path) ?? []), operation]);
  const opName = (operation: Operation) => operation.operationId.toLowerCase();
  const withMap = (operation: Operation, prefix: string) =>
    operation.inputs.length > 0 ? { with: Object.fromEntries(operation.inputs.map((one) => [one.name, `${prefix}.${one.name}`])) } : {};
  const doc = {
    naftiko: '1.0.0-alpha2',
    info: {
      label,
      description: `${label}. ${plural(operations.length, 'operation')}, imported from ${source}.`,
      tags: ['Logto', tag],
    },
    capability: {
      consumes: [
        {
          type: 'http',
          namespace,
          baseUri: 'https://[tenant_id].logto.app',
          description: `${label}, imported from the server's OpenAPI document.`,
          resources: [...byPath].map(([path, pathOperations]) => ({
            name: resourceName(path),
            path,
            operations: pathOperations.map((operation) => ({
              name: opName(operation),
              method: operation.method,
              description: operation.summary,
              outputRawFormat: 'json',
              outputParameters: [{ name: 'result', type: 'object', value: '$.' }],
              ...(operation.inputs.length > 0 ? { inputParameters: operation.inputs } : {}),
            })),
          })),
          authentication: { type: 'bearer', token: '{{env.LOGTO_API_KEY}}' },
        },
      ],
      exposes: [
        {
          type: 'rest',
          namespace: `${namespace}-rest`,
          port: 8080,
          description: `REST adapter for ${label}. One resource per consumed operation, prefixed with /v1.`,
          resources: [...byPath].map(([path, pathOperations]) => ({
            path: `/v1${path}`,
            name: resourceName(path).toLowerCase(),
            description: `REST surface for ${resourceName(path)}.`,
            operations: pathOperations.map((operation) => ({
              method: operation.method,
              name: opName(operation),
              description: operation.summary,
              call: `${namespace}.${opName(operation)}`,
              ...withMap(operation, 'rest'),
              outputParameters: [{ type: 'object', mapping: '$.' }],
            })),
          })),
        },
        {
          type: 'mcp',
          namespace: `${namespace}-mcp`,
          port: 9090,
          transport: 'http',
          description: `MCP adapter for ${label}. One tool per consumed operation.`,
          tools: operations.map((operation) => ({
            name: kebab(operation.operationId),
            description: operation.summary,
            hints: hintsOf(operation.method),
            call: `${namespace}.${opName(operation)}`,
            ...withMap(operation, 'tools'),
            outputParameters: [{ type: 'object', mapping: '$.' }],
          })),
        },
      ],
    },
  };
  return doc as unknown as NaftikoDocument;
}

export function importOpenApi(doc: unknown, source: string): ImportResult {
  const skipped: string[] = [];
  const capabilities = new Map<string, NaftikoDocument>();
  const root = doc as Json;
  if (typeof root !== 'object' || root === null || typeof root.openapi !== 'string' || !root.openapi.startsWith('3.') || typeof root.paths !== 'object') {
    return { capabilities, skipped: [`${source}: not an OpenAPI 3 document`] };
  }
  const byTag = new Map<string, Operation[]>();
  for (const [path, item] of Object.entries(root.paths as Json)) {
    for (const method of METHODS) {
      const raw = (item as Json)[method] as Json | undefined;
      if (!raw) continue;
      let operation: Operation | undefined;
      try {
        operation = operationOf(root, path, method, raw, skipped);
      } catch (error) {
        skipped.push(`${String(raw.operationId ?? `${method.toUpperCase()} ${path}`)}: ${(error as Error).message}`);
      }
      if (!operation) continue;
      const tag = ((raw.tags as string[] | undefined) ?? ['Other'])[0];
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation]);
    }
  }
  for (const [tag, operations] of byTag) capabilities.set(surfaceOfTag(tag), capability(surfaceOfTag(tag), tag, operations, source));
  return { capabilities, skipped };
}
