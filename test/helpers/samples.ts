// Values that satisfy an OpenAPI schema: what a careful user would type, generated.
type Json = Record<string, unknown>;

export function resolveRef(doc: Json, node: unknown): Json {
  let current = node as Json;
  for (let depth = 0; current && typeof current.$ref === 'string' && depth < 20; depth++) {
    current = (current.$ref as string)
      .slice(2)
      .split('/')
      .reduce<unknown>((at, key) => (at as Json)[key], doc) as Json;
  }
  return current ?? {};
}

const STRING_CANDIDATES = ['sample', 'abc', 'sample_1', 'Sample1', 'a1', '12345678', 'user@example.com', 'https://example.com', '+15551234567'];

/**
 * Constructs of Logto's documents that no JSON Schema validator can satisfy: patterns written
 * as JavaScript regex literals (`/^\\d+$/`), and oneOf branches told apart only by literal
 * types written as formats. Each value generated for one is recorded here, so a test can tell
 * a defect of the description from a defect of the CLI.
 */
export const unsatisfiable: string[] = [];

function sampleString(schema: Json): string {
  if (typeof schema.pattern === 'string' && schema.pattern.startsWith('/')) unsatisfiable.push(schema.pattern);
  const format = schema.format as string | undefined;
  if (format === 'email') return 'user@example.com';
  if (format === 'uri' || format === 'url') return 'https://example.com/callback';
  if (format === 'date-time') return '2026-01-01T00:00:00.000Z';
  if (format === 'date') return '2026-01-01';
  if (format === 'uuid') return '123e4567-e89b-12d3-a456-426614174000';
  if (format === 'regex') return '^a$';
  // Logto writes literal types as a format: `"format": "\"Totp\""`.
  if (format && /^".*"$/.test(format)) return JSON.parse(format) as string;
  const min = (schema.minLength as number | undefined) ?? 1;
  const max = (schema.maxLength as number | undefined) ?? 256;
  const fits = (value: string) => value.length >= min && value.length <= max && (!schema.pattern || new RegExp(schema.pattern as string).test(value));
  return STRING_CANDIDATES.find(fits) ?? (min > 1 ? 'x'.repeat(min) : 'sample');
}

export function sample(doc: Json, node: unknown, depth = 0): unknown {
  const schema = resolveRef(doc, node);
  if (depth > 8) return {};
  if (schema.example !== undefined) return schema.example;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).find((value) => value !== null);
  const variants = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  // Branches told apart only by such literal formats all match for a validator: oneOf cannot hold.
  const literalFormats = (variant: unknown) => JSON.stringify(resolveRef(doc, variant)).includes('"format":"\\"');
  if (schema.oneOf && variants!.filter(literalFormats).length > 1) unsatisfiable.push('oneOf told apart by literal formats');
  // `oneOf: [url string, "empty" string]`: every string matches both; only null (if allowed) matches one.
  const strings = (variants ?? []).map((variant) => resolveRef(doc, variant)).filter((variant) => variant.type === 'string');
  if (schema.oneOf && strings.length > 1 && strings.length === variants!.length) {
    if (strings.some((variant) => variant.nullable)) return null;
    unsatisfiable.push('oneOf of strings told apart by format');
  }
  if (variants) return sample(doc, variants.find((one) => resolveRef(doc, one).type !== 'null') ?? variants[0], depth + 1);
  if (Array.isArray(schema.allOf)) return Object.assign({}, ...(schema.allOf as unknown[]).map((part) => sample(doc, part, depth + 1)));
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((one) => one !== 'null') : schema.type;
  if (type === 'object' || schema.properties) {
    const required = new Set((schema.required as string[] | undefined) ?? []);
    return Object.fromEntries(
      Object.entries((schema.properties ?? {}) as Json)
        .filter(([name]) => required.has(name))
        .map(([name, property]) => [name, sample(doc, property, depth + 1)]),
    );
  }
  if (type === 'array') {
    const count = Math.max((schema.minItems as number | undefined) ?? 0, 1);
    const items = Array.from({ length: count }, () => sample(doc, schema.items ?? {}, depth + 1));
    return schema.uniqueItems && typeof items[0] !== 'object' ? [...new Set(items)] : items;
  }
  if (type === 'integer' || type === 'number') return (schema.minimum as number | undefined) ?? (schema.exclusiveMinimum as number | undefined) ?? 1;
  if (type === 'boolean') return true;
  return sampleString(schema);
}
