// oclif's help, drawn from the compiled records: an operation's help shows its HTTP method and
// path, its flags grouped by where they go, and a runnable example. Hand-written commands are
// described from oclif's manifest, so help never loads command code.
import type { Command } from '@oclif/core/command';
import { HelpBase } from '@oclif/core/help';
import type { InputRecord, OperationRecord, SurfaceRecord } from '../catalog/record';
import { findOperation, findSurface } from '../catalog/registry';
import { getContext } from './context';
import { exampleFor } from './example';
import { BODY_FLAGS, GLOBAL_FLAGS, flagsOf, type FlagSpec } from './global-flags';
import { runRegistry } from './run-registry';

const BIN = 'logto';
const HELP_FLAGS = new Set(['--help', '-h']);
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Rows as two aligned columns; each section aligns on its own longest left cell. */
function columns(rows: [string, string][], indent = '  '): string {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`.trimEnd()).join('\n');
}

function flagLabel(flag: FlagSpec): string {
  // An optional value (`[=curl]`) is shown as such.
  const value = flag.kind === 'boolean' ? '' : flag.value?.startsWith('[') ? flag.value : `=${flag.value ?? `<${flag.kind}>`}`;
  return `${flag.char ? `-${flag.char}, ` : '    '}--${flag.name}${value}`;
}

const flagRows = (flags: FlagSpec[]): [string, string][] => flags.map((flag) => [flagLabel(flag), `${flag.description}${flag.env ? ` [env: ${flag.env}]` : ''}`]);

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

const LOCATIONS: [InputRecord['in'][], string][] = [
  [['path'], 'PATH FLAGS'],
  [['query'], 'QUERY FLAGS'],
  [['header'], 'HEADER FLAGS'],
  [['body', 'formData'], 'BODY FIELD FLAGS'],
];

export function operationHelp(surface: SurfaceRecord, operation: OperationRecord): string {
  const required = operation.inputs.filter((input) => input.required).map((input) => `--${input.flag} <${input.type}>`);
  const hints = [operation.hints.readOnly && 'read-only', operation.hints.idempotent && 'idempotent', operation.hints.destructive && 'destructive'].filter(Boolean).join(', ');
  const sections = [
    operation.summary,
    `USAGE\n  $ ${[BIN, surface.name, operation.command, ...required, '[flags]'].join(' ')}`,
    `HTTP\n  ${operation.method} ${operation.path}${hints ? `  (${hints})` : ''}`,
    `DESCRIPTION\n  ${operation.description}`,
  ];
  for (const [where, title] of LOCATIONS) {
    const inputs = operation.inputs.filter((input) => where.includes(input.in));
    if (inputs.length > 0) sections.push(`${title}\n${columns(inputs.map(inputRow))}`);
  }
  if (operation.body) {
    const requirement = operation.body.required ? '(required) ' : '';
    sections.push(`BODY FLAGS ${requirement}— ${operation.body.description ?? 'JSON request body'}\n${columns(flagRows(BODY_FLAGS))}`);
  }
  const globals = flagsOf(operation).filter((flag) => !BODY_FLAGS.includes(flag));
  sections.push(`GLOBAL FLAGS\n${columns(flagRows(globals))}`);
  sections.push(`EXAMPLE\n  $ ${exampleFor(surface.name, operation)}`);
  return `${sections.join('\n\n')}\n`;
}

/** A manifest flag back in our terms, for the same layout as the operations' help. */
function specOf(name: string, flag: Command.Flag.Cached): FlagSpec {
  const cached = flag as Command.Flag.Cached & { helpValue?: string; multiple?: boolean };
  return { name, char: flag.char, kind: flag.type === 'boolean' ? 'boolean' : 'string', value: cached.helpValue, description: flag.description ?? '', multiple: cached.multiple };
}

export default class LogtoHelp extends HelpBase {
  private get handWritten(): Command.Loadable[] {
    return this.config.commands.filter((command) => !command.hidden && !('surfaceName' in command));
  }

  private under(topic: string): Command.Loadable[] {
    return this.handWritten.filter((command) => command.id.startsWith(`${topic}:`));
  }

  async showHelp(argv: string[]): Promise<void> {
    const words: string[] = [];
    for (const arg of argv) {
      if (arg.startsWith('-')) break;
      words.push(arg);
    }
    if (words[0] === 'help') words.shift();
    this.write(this.helpFor(words.filter((word) => !HELP_FLAGS.has(word))));
  }

  async showCommandHelp(command: Command.Loadable): Promise<void> {
    this.write(this.helpFor(command.id.split(':')));
  }

  private write(text: string): void {
    getContext().io.out(text);
  }

  /** The help text for these words (`[]`, `[surface]`, `[surface, command]`, `[topic, command]`). */
  helpFor(words: string[]): string {
    const [first, second] = words;
    if (first === undefined) return this.root();
    const surface = findSurface(runRegistry(), first);
    const command = this.config.findCommand(words.slice(0, 2).join(':')) ?? this.config.findCommand(first);
    if (surface && second !== undefined) {
      const operation = findOperation(surface, second);
      if (operation) return operationHelp(surface, operation);
    }
    if (command && !(surface && second === undefined)) return this.handWrittenHelp(command);
    if (surface && second === undefined) return this.surface(surface);
    const topic = this.under(first);
    if (topic.length > 0 && second === undefined) return this.topic(first, topic);
    const { unknownCommand } = require('./not-found') as typeof import('./not-found');
    throw unknownCommand(words, this.config);
  }

  private root(): string {
    const registry = runRegistry();
    const count = (surface: SurfaceRecord) => surface.operationCount ?? surface.operations.length;
    const rows = registry.surfaces.map((surface): [string, string] => [surface.name, `${surface.label.replace(/^Logto API (references )?— /, '')} (${plural(count(surface), 'command')})`]);
    const others = this.handWritten.filter((command) => !findSurface(registry, command.id.split(':')[0]));
    return [
      `logto ${this.config.version}: the headless command-line client for Logto's APIs`,
      `USAGE\n  $ ${BIN} SURFACE COMMAND [flags]`,
      `SURFACES\n${columns(rows)}`,
      ...(others.length > 0 ? [`OTHER COMMANDS\n${columns(others.map((command): [string, string] => [command.id.replaceAll(':', ' '), command.summary ?? '']))}`] : []),
      `GLOBAL FLAGS\n${columns([...flagRows(GLOBAL_FLAGS), ['    --version', 'Print the version']])}`,
      'EXIT CODES\n  0 success, 1 the server answered an error, 2 usage error, 3 no credentials or endpoint, 4 network failure or timeout',
      `Run '${BIN} SURFACE --help' or '${BIN} help SURFACE [COMMAND]' for a surface's commands.`,
    ].join('\n\n') + '\n';
  }

  private surface(surface: SurfaceRecord): string {
    const rows = surface.operations.map((operation): [string, string] => [operation.command, `${operation.summary}  (${operation.method} ${operation.path})`]);
    const handWritten = this.under(surface.name);
    return [
      surface.label,
      `USAGE\n  $ ${BIN} ${surface.name} COMMAND [flags]`,
      ...(handWritten.length > 0 ? [`COMMANDS (hand-written)\n${columns(this.commandRows(handWritten, surface.name))}`] : []),
      `COMMANDS\n${columns(rows)}`,
      `Run '${BIN} ${surface.name} COMMAND --help' for a command's flags.`,
    ].join('\n\n') + '\n';
  }

  private commandRows(commands: Command.Loadable[], topic: string): [string, string][] {
    return commands.map((command): [string, string] => [command.id.slice(topic.length + 1), command.summary ?? '']);
  }

  private topic(topic: string, commands: Command.Loadable[]): string {
    return [`USAGE\n  $ ${BIN} ${topic} COMMAND [flags]`, `COMMANDS\n${columns(this.commandRows(commands, topic))}`, `Run '${BIN} ${topic} COMMAND --help' for a command's flags.`].join('\n\n') + '\n';
  }

  private handWrittenHelp(command: Command.Loadable): string {
    const id = command.id.replaceAll(':', ' ');
    const args = Object.values(command.args ?? {}).map((arg) => `${arg.name.toUpperCase()}${command.strict === false ? '...' : ''}`);
    const flags = Object.entries(command.flags ?? {}).filter(([, flag]) => !flag.hidden).map(([name, flag]) => specOf(name, flag));
    const sections = [command.summary ?? '', `USAGE\n  $ ${[BIN, id, ...args, '[flags]'].join(' ')}`];
    if (command.description) sections.push(`DESCRIPTION\n  ${command.description.replace(/\n/g, '\n  ')}`);
    if (flags.length > 0) sections.push(`FLAGS\n${columns(flagRows(flags))}`);
    const examples = (command.examples ?? []).map((example) => (typeof example === 'string' ? example : example.command));
    if (examples.length > 0) sections.push(`EXAMPLES\n${examples.map((example) => `  $ ${example}`).join('\n')}`);
    return `${sections.join('\n\n')}\n`;
  }
}
