// Validation of Naftiko capability documents (`naftiko: 1.0.0-alpha2`): the subset
// this CLI relies on. Each problem names the YAML path so a spec author can find it.

export const NAFTIKO_VERSION = '1.0.0-alpha2';
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
export const INPUT_LOCATIONS = ['path', 'query', 'header', 'body', 'formData'];
export const VALUE_TYPES = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'file'];

export interface NaftikoInput {
  name: string;
  in: string;
  type?: string;
  description?: string;
  required?: boolean;
  enum?: unknown[];
  default?: unknown;
}

export interface NaftikoOperation {
  name: string;
  method: string;
  description?: string;
  inputParameters?: NaftikoInput[];
}

export interface NaftikoResource {
  name: string;
  path: string;
  operations: NaftikoOperation[];
}

export interface NaftikoConsumes {
  type: string;
  namespace: string;
  description?: string;
  resources: NaftikoResource[];
  authentication?: { type: string };
}

export interface NaftikoTool {
  name: string;
  description: string;
  hints?: { readOnly?: boolean; destructive?: boolean; idempotent?: boolean };
  call: string;
  with?: Record<string, string>;
}

export interface NaftikoExposes {
  type: string;
  namespace: string;
  tools?: NaftikoTool[];
}

export interface NaftikoDocument {
  naftiko: string;
  info: { label: string; description?: string };
  capability: { consumes: NaftikoConsumes[]; exposes: NaftikoExposes[] };
}

export interface SpecProblem {
  /** YAML path of the offending node, e.g. `capability.consumes[0].resources[3].path`. */
  path: (string | number)[];
  message: string;
}

export function formatYamlPath(path: (string | number)[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key), '');
}

type Node = Record<string, unknown>;

/** Returns every problem found; an empty list means the document is usable. */
export function validateNaftiko(doc: unknown): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const problem = (path: (string | number)[], message: string) => problems.push({ path, message });

  const isMap = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
  const requireString = (node: Node, key: string, at: (string | number)[]) => {
    if (typeof node[key] !== 'string' || node[key] === '') problem([...at, key], 'must be a non-empty string');
  };
  const requireList = (node: Node, key: string, at: (string | number)[]): unknown[] => {
    const value = node[key];
    if (!Array.isArray(value)) {
      problem([...at, key], 'must be a list');
      return [];
    }
    return value;
  };

  if (!isMap(doc)) return [{ path: [], message: 'the document must be a mapping' }];
  if (doc.naftiko !== NAFTIKO_VERSION) problem(['naftiko'], `must be ${NAFTIKO_VERSION}`);
  if (!isMap(doc.info)) problem(['info'], 'must be a mapping');
  else requireString(doc.info, 'label', ['info']);
  if (!isMap(doc.capability)) {
    problem(['capability'], 'must be a mapping');
    return problems;
  }

  const operationsByCall = new Map<string, NaftikoOperation>();
  requireList(doc.capability, 'consumes', ['capability']).forEach((consumes, c) => {
    const at: (string | number)[] = ['capability', 'consumes', c];
    if (!isMap(consumes)) return problem(at, 'must be a mapping');
    requireString(consumes, 'namespace', at);
    if (consumes.type !== 'http') problem([...at, 'type'], 'must be http');
    requireList(consumes, 'resources', at).forEach((resource, r) => {
      const resAt = [...at, 'resources', r];
      if (!isMap(resource)) return problem(resAt, 'must be a mapping');
      requireString(resource, 'name', resAt);
      if (typeof resource.path !== 'string' || !resource.path.startsWith('/')) problem([...resAt, 'path'], 'must be a path starting with /');
      requireList(resource, 'operations', resAt).forEach((operation, o) => {
        const opAt = [...resAt, 'operations', o];
        if (!isMap(operation)) return problem(opAt, 'must be a mapping');
        requireString(operation, 'name', opAt);
        if (!HTTP_METHODS.includes(String(operation.method))) problem([...opAt, 'method'], `must be one of ${HTTP_METHODS.join(', ')}`);
        const inputs = operation.inputParameters === undefined ? [] : requireList(operation, 'inputParameters', opAt);
        inputs.forEach((input, i) => {
          const inAt = [...opAt, 'inputParameters', i];
          if (!isMap(input)) return problem(inAt, 'must be a mapping');
          requireString(input, 'name', inAt);
          if (!INPUT_LOCATIONS.includes(String(input.in))) problem([...inAt, 'in'], `must be one of ${INPUT_LOCATIONS.join(', ')}`);
          if (input.type !== undefined && !VALUE_TYPES.includes(String(input.type))) problem([...inAt, 'type'], `must be one of ${VALUE_TYPES.join(', ')}`);
          if (input.required !== undefined && typeof input.required !== 'boolean') problem([...inAt, 'required'], 'must be true or false');
          if (input.enum !== undefined && !Array.isArray(input.enum)) problem([...inAt, 'enum'], 'must be a list');
        });
        operationsByCall.set(`${consumes.namespace}.${operation.name}`, operation as unknown as NaftikoOperation);
      });
    });
  });

  const adapters = requireList(doc.capability, 'exposes', ['capability']);
  const mcpIndex = adapters.findIndex((adapter) => isMap(adapter) && adapter.type === 'mcp');
  if (mcpIndex < 0) {
    problem(['capability', 'exposes'], 'needs an adapter of type mcp: its tools become the commands');
    return problems;
  }
  const mcp = adapters[mcpIndex] as Node;
  const toolNames = new Set<string>();
  requireList(mcp, 'tools', ['capability', 'exposes', mcpIndex]).forEach((tool, t) => {
    const at: (string | number)[] = ['capability', 'exposes', mcpIndex, 'tools', t];
    if (!isMap(tool)) return problem(at, 'must be a mapping');
    requireString(tool, 'description', at);
    if (typeof tool.name !== 'string' || !/^[a-z][a-z0-9-]*$/.test(tool.name)) problem([...at, 'name'], 'must be a kebab-case name');
    else if (toolNames.has(tool.name)) problem([...at, 'name'], `duplicates the tool ${tool.name}`);
    else toolNames.add(tool.name);
    if (tool.hints !== undefined) {
      if (!isMap(tool.hints)) problem([...at, 'hints'], 'must be a mapping');
      else for (const [hint, value] of Object.entries(tool.hints)) {
        if (typeof value !== 'boolean') problem([...at, 'hints', hint], 'must be true or false');
      }
    }
    const operation = operationsByCall.get(String(tool.call));
    if (!operation) return problem([...at, 'call'], `names no consumed operation: ${String(tool.call)}`);
    if (tool.with !== undefined && !isMap(tool.with)) return problem([...at, 'with'], 'must be a mapping');
    const inputNames = new Set((operation.inputParameters ?? []).map((input) => input.name));
    for (const key of Object.keys(tool.with ?? {})) {
      if (!inputNames.has(key)) problem([...at, 'with', key], `is not an input of ${String(tool.call)}`);
    }
  });
  return problems;
}
