// The one command behind every spec operation: a class per operation is made from its record
// (flags, summary, example), never written by hand; all of them run `runOperation`.
import { getContext, type CommandContext } from '../src/cli/context';
import { LogtoCommand } from '../src/cli/logto-command';
import { parseArgv } from '../src/cli/parse';
import { checkRequired, operationFlags, parsedFlags } from '../src/cli/values';
import { usageError } from '../src/errors';
import { invoke } from '../src/invoke/invoke';
import { withoutPrompts } from '../src/output/io';
import { isVerificationHeader } from '../src/auth/verification';
import { readFileInputs, resolveBody, warnSecretFields } from '../src/request/body';
import { checkBodyFields } from '../src/request/build';
import type { OperationRecord, SurfaceRecord } from '../src/catalog/record';

/**
 * Parses argv with the operation's flags and checks the inputs; the returned function sends the
 * request. Separate steps so that `logto batch` can prepare lines in input order (oclif's parser
 * is asynchronous) and still send them concurrently.
 */
export async function prepareOperation(surface: SurfaceRecord, operation: OperationRecord, argv: string[], given: CommandContext): Promise<() => Promise<void>> {
  const label = `${surface.name} ${operation.command}`;
  const { values } = await parseArgv(argv, operationFlags(operation), {}, label, { positionalsHint: ': values are given as flags' });
  const { inputs, globals } = parsedFlags(operation, values);
  const context = globals.noInput ? { ...given, io: withoutPrompts(given.io) } : given;
  const { io } = context;
  if (globals.token && !context.argvNotTyped) io.err('warning: --token puts the token in shell history and the process list; prefer LOGTO_API_KEY or logto auth login\n');
  if (!context.argvNotTyped) {
    const typedFields = operation.inputs.filter((input) => input.in === 'body' && inputs[input.flag] !== undefined).map((input) => input.name);
    warnSecretFields(globals, typedFields, io.err);
  }

  // A missing verification id is obtained later rather than refused: see verificationFor.
  const verification = operation.inputs.find((input) => isVerificationHeader(input) && input.required);
  if (operation.inputs.some((input) => input.in === 'path' && input.required && inputs[input.flag] === undefined)) {
    const { pickMissingInputs } = require('../src/invoke/pick') as typeof import('../src/invoke/pick');
    await pickMissingInputs(surface, operation, inputs, globals, context, verification?.flag);
  }
  checkRequired(operation, inputs, verification?.flag);
  readFileInputs(operation, inputs);
  const body = await resolveBody(globals, io.readStdin);
  checkBodyFields(operation, inputs, body);
  const hasFields = operation.inputs.some((input) => input.in === 'body' && inputs[input.flag] !== undefined);
  if (operation.body?.required && body === undefined && !hasFields) {
    throw usageError(`${label} needs a request body: pass --body JSON|@FILE|-, or -f/-F fields`);
  }
  return () => invoke({ label, operation, inputs, body, globals }, context);
}

export async function runOperation(surface: SurfaceRecord, operation: OperationRecord, argv: string[], context: CommandContext): Promise<void> {
  const send = await prepareOperation(surface, operation, argv, context);
  await send();
}

export abstract class OperationCommand extends LogtoCommand {
  static surface: SurfaceRecord;
  static operation: OperationRecord;

  async run(): Promise<void> {
    const { surface, operation } = this.constructor as typeof OperationCommand;
    this.parsed = true;
    await runOperation(surface, operation, this.argv, getContext());
  }
}

/** The oclif command class of one operation, from its record. */
export function operationCommand(surface: SurfaceRecord, operation: OperationRecord): typeof OperationCommand {
  const command = class extends OperationCommand {
    static id = `${surface.name}:${operation.command}`;
    static summary = operation.summary;
    static description = operation.description;
    // No static flags or examples: runOperation parses with the record's flags, and help and
    // completion read the record, so oclif's manifest lists an operation by id and summary only.
    /** In the manifest: tells help that this command is an operation of that surface. */
    static surfaceName = surface.name;
  };
  // Not enumerable, so that oclif's manifest does not copy the records into every command.
  return Object.defineProperties(command, { surface: { value: surface }, operation: { value: operation } });
}
