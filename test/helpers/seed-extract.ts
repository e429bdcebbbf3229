// Reads the seed documents in ../shared/seeds without a YAML parser: seed 000 lost its
// line breaks and seed 003 was cut off, so whitespace-normalised text and regexes it is.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli';

export const SEEDS = join(ROOT, '..', 'shared', 'seeds');

export interface SeedOperation {
  resource: string;
  path: string;
  name: string;
  method: string;
  /** `name in` of each input parameter the seed declares. */
  inputs: string[];
}

export interface SeedTool {
  name: string;
  description: string;
  hints: { readOnly: boolean; destructive: boolean; idempotent: boolean };
  /** The consumed operation the tool calls. */
  call: string;
}

export interface Seed {
  namespace: string;
  operations: SeedOperation[];
  tools: SeedTool[];
}

const seedText = (prefix: string) => readFileSync(join(SEEDS, readdirSync(SEEDS).find((file) => file.startsWith(prefix))!), 'utf8');
const normalise = (text: string) => text.replace(/\s+/g, ' ');

function consumed(yamlText: string): { namespace: string; operations: SeedOperation[] } {
  const text = normalise(yamlText);
  const namespace = /consumes: - type: http namespace: (\S+)/.exec(text)![1];
  const block = text.slice(text.indexOf('consumes:'), text.indexOf(' exposes:') > 0 ? text.indexOf(' exposes:') : undefined);
  const operations: SeedOperation[] = [];
  // Resources are `- name: R path: /api/... operations:`; their operations `- name: op method: GET`.
  const pattern = /- name: (\S+) path: (\S+) operations:|- name: (\S+) method: (\S+)/g;
  let resource = { name: '', path: '' };
  const matches = [...block.matchAll(pattern)];
  matches.forEach((match, i) => {
    if (match[1]) {
      resource = { name: match[1], path: match[2] };
      return;
    }
    const own = block.slice(match.index, matches[i + 1]?.index ?? block.length);
    const inputs = [...own.matchAll(/- name: (\S+) in: (\w+)/g)].map((input) => `${input[1]} ${input[2]}`);
    operations.push({ resource: resource.name, path: resource.path, name: match[3], method: match[4], inputs });
  });
  return { namespace, operations };
}

function yamlTools(yamlText: string): SeedTool[] {
  const text = normalise(yamlText);
  const mcp = text.slice(text.indexOf('- type: mcp'));
  const pattern = /- name: (\S+) description: (.+?) hints: readOnly: (true|false) destructive: (true|false) idempotent: (true|false) call: \S+?\.(\S+)/g;
  return [...mcp.matchAll(pattern)].map((match) => ({
    name: match[1],
    description: match[2].replace(/^'(.*)'$/, '$1'),
    hints: { readOnly: match[3] === 'true', destructive: match[4] === 'true', idempotent: match[5] === 'true' },
    call: match[6],
  }));
}

/** Seed 003 lost its MCP adapter; its page lists the tools (name, description, hints) in operation order. */
function pageTools(page: string, operations: SeedOperation[]): SeedTool[] {
  const lines = page.split('MCP Tools\n')[1].split('Capability Spec')[0].split('\n').map((line) => line.trim()).filter(Boolean);
  const tools: SeedTool[] = [];
  for (let i = 0; i < lines.length; ) {
    const [name, description] = [lines[i], lines[i + 1]];
    i += 2;
    let hints = '';
    if (i < lines.length && /^(read-only|idempotent|destructive)( (read-only|idempotent|destructive))*$/.test(lines[i])) hints = lines[i++];
    const words = hints.split(' ');
    tools.push({
      name,
      description,
      hints: { readOnly: words.includes('read-only'), destructive: words.includes('destructive'), idempotent: words.includes('idempotent') },
      call: operations[tools.length].name,
    });
  }
  return tools;
}

export function readSeeds(): Seed[] {
  const yamlOf = (page: string) => page.split(/\.yaml Raw ↑\n/)[1];
  const myAccount = seedText('000_');
  const oneTime = yamlOf(seedText('001_'));
  const experiencePage = seedText('003_');
  const experience = consumed(yamlOf(experiencePage));
  return [
    { ...consumed(myAccount), tools: yamlTools(myAccount) },
    { ...consumed(oneTime), tools: yamlTools(oneTime) },
    { ...experience, tools: pageTools(experiencePage, experience.operations) },
  ];
}
