// Help text, generated from the compiled records: nothing here imports command code.
import type { InputRecord, OperationRecord, SurfaceRecord } from '../catalog/record';
import type { Builtin } from './builtins';
import { commandFlags, type Command } from './command';
import { BODY_FLAGS, GLOBAL_FLAGS, type FlagSpec } from './global-flags';
import { flagsOf } from './parse-flags';

const BIN = 'logto';

function columns(rows: [string, string][], indent = '  '): string {
  const width = Math.min(Math.max(0, ...rows.map(([left]) => left.length)), 36);
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`.trimEnd()).join('\n');
}

function flagLabel(flag: FlagSpec): string {
  // An optional value (`[=curl]`) is shown as such.
  const value = flag.kind === 'boolean' ? '' : flag.value?.startsWith('[') ? flag.value : `=${flag.value ?? `<${flag.kind}>`}`;
  return `${flag.char ? `-${flag.char}, ` : '    '}--${flag.name}${value}`;
}

function flagRows(flags: FlagSpec[]): [string, string][] {
  return flags.map((flag) => [flagLabel(flag), `${flag.description}${flag.env ? ` [env: ${flag.env}]` : ''}`]);
}

function inputType(input: InputRecord): string {
  if (input.enum) return input.enum.join('|');
  if (input.type === 'file') return '<path[;type=MIME]>';
  return input.type === 'object' || input.type === 'array' ? `<json ${input.type}>` : `<${input.type}>`;
}

function inputRow(input: InputRecord): [string, string] {
  const label = input.type === 'boolean' ? `    --[no-]${input.flag}` : `    --${input.flag}=${inputType(input)}`;
  const where = { path: `path {${input.name}}`, query: `query ${input.name}`, header: `header ${input.name}`, body: `body field ${input.name}`, formData: `form part ${input.name}` }[input.in];
  const fallback = input.default !== undefined ? `(default ${JSON.stringify(input.default)})` : '';
  const text = [input.required ? '(required)' : '', `${where}.`, input.description ?? '', fallback].filter(Boolean).join(' ');
  return [label, text];
}

function sampleValue(input: InputRecord): string {
  if (input.enum) return input.enum[0];
  if (input.type === 'object') return `'{}'`;
  if (input.type === 'array') return `'[]'`;
  if (input.type === 'integer' || input.type === 'number') return input.name.includes('size') ? '20' : '1';
  return input.flag.toUpperCase().replace(/-/g, '_');
}

/** One runnable example: every required input, and a body when one is required. */
export function exampleFor(surface: string, operation: OperationRecord): string {
  const parts = [BIN, surface, operation.command];
  for (const input of operation.inputs.filter((one) => one.required)) {
    parts.push(input.type === 'boolean' ? `--${input.flag}` : `--${input.flag} ${sampleValue(input)}`);
  }
  if (operation.body?.required && !operation.inputs.some((input) => input.in === 'body')) parts.push(`--body '{}'`);
  if (operation.hints.destructive) parts.push('--yes');
  return parts.join(' ');
}

export function commandHelp(surface: SurfaceRecord, operation: OperationRecord): string {
  const required = operation.inputs.filter((input) => input.required).map((input) => `--${input.flag} <${input.type}>`);
  const hints = [operation.hints.readOnly && 'read-only', operation.hints.idempotent && 'idempotent', operation.hints.destructive && 'destructive']
    .filter(Boolean)
    .join(', ');
  const sections = [
    operation.summary,
    `USAGE\n  $ ${[BIN, surface.name, operation.command, ...required, '[flags]'].join(' ')}`,
    `HTTP\n  ${operation.method} ${operation.path}${hints ? `  (${hints})` : ''}`,
    `DESCRIPTION\n  ${operation.description}`,
  ];
  if (operation.inputs.length > 0) sections.push(`FLAGS\n${columns(operation.inputs.map(inputRow))}`);
  if (operation.body) {
    const requirement = operation.body.required ? '(required) ' : '';
    sections.push(`BODY FLAGS ${requirement}— ${operation.body.description ?? 'JSON request body'}\n${columns(flagRows(BODY_FLAGS))}`);
  }
  const globals = flagsOf(operation).filter((flag) => !BODY_FLAGS.includes(flag));
  sections.push(`GLOBAL FLAGS\n${columns(flagRows(globals))}`);
  sections.push(`EXAMPLE\n  $ ${exampleFor(surface.name, operation)}`);
  return `${sections.join('\n\n')}\n`;
}

const builtinRows = (builtins: Builtin[], topic: string) =>
  builtins.map((builtin): [string, string] => [builtin.id.slice(topic.length).trim() || builtin.id, builtin.summary]);

export function surfaceHelp(surface: SurfaceRecord, builtins: Builtin[]): string {
  const rows = surface.operations.map((operation): [string, string] => [operation.command, `${operation.summary}  (${operation.method} ${operation.path})`]);
  return [
    surface.label,
    `USAGE\n  $ ${BIN} ${surface.name} COMMAND [flags]`,
    ...(builtins.length > 0 ? [`COMMANDS (hand-written)\n${columns(builtinRows(builtins, surface.name))}`] : []),
    `COMMANDS\n${columns(rows)}`,
    `Run '${BIN} ${surface.name} COMMAND --help' for a command's flags.`,
  ].join('\n\n') + '\n';
}

export function topicHelp(topic: string, builtins: Builtin[]): string {
  return [`USAGE\n  $ ${BIN} ${topic} COMMAND [flags]`, `COMMANDS\n${columns(builtinRows(builtins, topic))}`, `Run '${BIN} ${topic} COMMAND --help' for a command's flags.`].join('\n\n') + '\n';
}

export function builtinHelp(builtin: Builtin, command: Command): string {
  const { id } = builtin;
  const args = (command.args ?? []).map((name) => name.toUpperCase());
  const sections = [builtin.summary, `USAGE\n  $ ${[BIN, id, ...args, '[flags]'].join(' ')}`];
  if (command.description) sections.push(`DESCRIPTION\n  ${command.description.replace(/\n/g, '\n  ')}`);
  sections.push(`FLAGS\n${columns(flagRows(commandFlags(command)))}`);
  if (command.examples.length > 0) sections.push(`EXAMPLES\n${command.examples.map((example) => `  $ ${example}`).join('\n')}`);
  return `${sections.join('\n\n')}\n`;
}

export function rootHelp(surfaces: SurfaceRecord[], builtins: Builtin[], version: string): string {
  const count = (surface: SurfaceRecord) => surface.operationCount ?? surface.operations.length;
  const rows = surfaces.map((surface): [string, string] => [surface.name, `${surface.label.replace(/^Logto API (references )?— /, '')} (${count(surface)} commands)`]);
  const surfaceNames = new Set(surfaces.map((surface) => surface.name));
  const others = builtins.filter((builtin) => !surfaceNames.has(builtin.id.split(' ')[0]));
  return [
    `logto ${version}: the headless command-line client for Logto's APIs`,
    `USAGE\n  $ ${BIN} SURFACE COMMAND [flags]`,
    `SURFACES\n${columns(rows)}`,
    ...(others.length > 0 ? [`OTHER COMMANDS\n${columns(others.map((builtin): [string, string] => [builtin.id, builtin.summary]))}`] : []),
    `GLOBAL FLAGS\n${columns(flagRows(GLOBAL_FLAGS))}\n    --version  Print the version`,
    'EXIT CODES\n  0 success, 1 the server answered an error, 2 usage error, 3 no credentials or endpoint, 4 network failure or timeout',
    `Run '${BIN} SURFACE --help' for a surface's commands.`,
  ].join('\n\n') + '\n';
}
