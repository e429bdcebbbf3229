// specs/ must hold exactly the seeds' operations and MCP tools, and mark every addition.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { NaftikoDocument } from '../src/catalog/naftiko';
import { ROOT } from './helpers/cli';
import { readSeeds } from './helpers/seed-extract';

const seeds = readSeeds();
const specFile = (namespace: string) => join(ROOT, 'specs', `${namespace}.yaml`);

describe.each(seeds.map((seed) => [seed.namespace, seed] as const))('%s', (namespace, seed) => {
  const text = readFileSync(specFile(namespace), 'utf8');
  const doc = parse(text) as NaftikoDocument & { capability: { exposes: { type: string; tools?: unknown[]; resources?: { operations: unknown[] }[] }[] } };
  const consumes = doc.capability.consumes[0];
  const operations = consumes.resources.flatMap((resource) => resource.operations.map((operation) => ({ resource: resource.name, path: resource.path, name: operation.name, method: operation.method })));
  const mcp = doc.capability.exposes.find((adapter) => adapter.type === 'mcp') as unknown as { tools: { name: string; description: string; hints: object; call: string }[] };

  it('has the same namespace and exactly the same consumed operations', () => {
    expect(consumes.namespace).toBe(namespace);
    expect(operations).toEqual(seed.operations.map(({ inputs, ...operation }) => operation));
  });

  it('keeps every input the seed declares, and adds only marked ones', () => {
    const lines = text.split('\n');
    for (const seedOperation of seed.operations) {
      const operation = consumes.resources.flatMap((resource) => resource.operations).find((one) => one.name === seedOperation.name)!;
      const inputs = (operation.inputParameters ?? []).map((input) => `${input.name} ${input.in}`);
      expect(inputs).toEqual(expect.arrayContaining(seedOperation.inputs));
      for (const added of inputs.filter((input) => !seedOperation.inputs.includes(input))) {
        // The added input's list item, within this operation, is preceded by its comment.
        const start = lines.findIndex((line) => line.trim() === `- name: ${seedOperation.name}`);
        const at = lines.findIndex((line, i) => i > start && line.trim() === `- name: ${added.split(' ')[0]}`);
        expect(lines[at - 1], `${seedOperation.name}: ${added}`).toMatch(/^\s+# Added/);
      }
    }
  });

  it('has exactly the same MCP tools, hints and call targets', () => {
    expect(mcp.tools.map((tool) => ({ name: tool.name, description: tool.description, hints: tool.hints, call: tool.call.replace(`${namespace}.`, '') }))).toEqual(seed.tools);
  });

  it('has a REST resource for every consumed operation', () => {
    const rest = doc.capability.exposes.find((adapter) => adapter.type === 'rest')!;
    expect(rest.resources!.flatMap((resource) => resource.operations).length).toBe(operations.length);
  });

});

it('the three seeds give 29 + 6 + 36 = 71 operations', () => {
  expect(seeds.map((seed) => [seed.namespace, seed.operations.length, seed.tools.length])).toEqual([
    ['logto-my-account', 29, 29],
    ['logto-one-time-tokens', 6, 6],
    ['logto-experience', 36, 36],
  ]);
});
