// A tool call runs the operation through the CLI's own invocation path (credentials,
// redaction, error mapping); the JSON response comes back as text content.
import type { CommandContext } from '../cli/context';
import type { GlobalValues } from '../cli/values';
import { CliError, usageError } from '../errors';
import { invoke } from '../invoke/invoke';
import { captureIO } from '../output/io';
import { readFileInputs } from '../request/body';
import type { InputValue } from '../request/build';
import { MAX_JSON_DEPTH, valueDepth } from '../request/json-depth';
import { allowedFile } from './files';
import { mustGive, type McpTool } from './tools';

export interface ToolResult {
  content: { type: 'text'; text: string }[];
  isError?: boolean;
  [key: string]: unknown;
}

const failure = (text: string): ToolResult => ({ content: [{ type: 'text', text }], isError: true });

/** Checks arguments against the operation's inputs; returns the problems, one per line. */
function validate(tool: McpTool, args: Record<string, unknown>): { inputs: Record<string, InputValue | undefined>; problems: string[] } {
  const { operation } = tool;
  const problems: string[] = [];
  const inputs: Record<string, InputValue | undefined> = {};
  if (valueDepth(args) > MAX_JSON_DEPTH) return { inputs, problems: [`arguments are nested more than ${MAX_JSON_DEPTH} levels deep`] };
  const known = new Set([...operation.inputs.map((input) => input.flag), ...(operation.body ? ['body'] : [])]);
  for (const key of Object.keys(args)) if (!known.has(key)) problems.push(`unknown argument ${key}`);
  for (const input of operation.inputs) {
    const value = args[input.flag];
    if (value === undefined || value === null) {
      // A required body field may come in `body` instead, as with the CLI's --body.
      const inBody = input.in === 'body' && typeof args.body === 'object' && args.body !== null && input.name in args.body;
      if (mustGive(input) && !inBody) problems.push(`missing required argument ${input.flag}`);
      continue;
    }
    const ok = {
      integer: Number.isInteger(value),
      number: typeof value === 'number',
      boolean: typeof value === 'boolean',
      string: typeof value === 'string',
      file: typeof value === 'string',
      array: Array.isArray(value),
      object: typeof value === 'object' && !Array.isArray(value),
    }[input.type];
    if (!ok) problems.push(`${input.flag} must be ${input.type === 'integer' ? 'an integer' : `a ${input.type}`}`);
    else if (input.enum && !input.enum.includes(String(value))) problems.push(`${input.flag} must be one of ${input.enum.join(', ')}`);
    // An empty path segment would turn `/tokens/{id}` into `/tokens/`: another operation.
    else if (input.in === 'path' && String(value) === '') problems.push(`${input.flag} must not be empty`);
    else inputs[input.flag] = value as InputValue;
  }
  if (operation.body) {
    const body = args.body;
    const hasFields = operation.inputs.some((input) => input.in === 'body' && inputs[input.flag] !== undefined);
    if (body === undefined && operation.body.required && !hasFields) problems.push('missing required argument body');
    else if (body !== undefined && (typeof body !== 'object' || body === null)) problems.push('body must be a JSON object or array');
  }
  return { inputs, problems };
}

export interface CallSettings {
  connection: Partial<GlobalValues>;
  /** Real path of the directory file inputs may come from; undefined: file inputs are off. */
  allowFiles?: string;
}

/** Files a client names must be inside --allow-files DIR (vetted after `;type=` is split off). */
function allowedPath(allowFiles: string | undefined): (path: string, flag: string) => string {
  return (path, flag) => {
    const checked = allowedFile(allowFiles, path, flag);
    if ('problem' in checked) throw usageError(checked.problem);
    return checked.path;
  };
}

export async function callTool(tool: McpTool, args: Record<string, unknown>, settings: CallSettings, context: CommandContext): Promise<ToolResult> {
  const { connection } = settings;
  const { inputs, problems } = validate(tool, args);
  if (problems.length > 0) return failure(`invalid arguments for ${tool.name}: ${problems.join('; ')}`);
  try {
    readFileInputs(tool.operation, inputs, allowedPath(settings.allowFiles));
  } catch (error) {
    if (error instanceof CliError) return failure(`invalid arguments for ${tool.name}: ${error.message}`);
    throw error;
  }
  const io = captureIO(context.io, async () => '');
  const globals: GlobalValues = { ...connection, output: 'json', verbose: false, help: false, yes: true, all: false };
  try {
    await invoke({ label: tool.name, operation: tool.operation, inputs, body: args.body, globals }, { ...context, io });
  } catch (error) {
    if (error instanceof CliError) return failure(error.message);
    throw error;
  }
  const text = io.captured().trim();
  return { content: [{ type: 'text', text: text || '(no content)' }] };
}
