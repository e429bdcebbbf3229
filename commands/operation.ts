// The one command behind every spec operation: flags in, then the shared invocation path.
import { commandHelp } from '../src/cli/help';
import { checkRequired, parseOperationFlags } from '../src/cli/parse-flags';
import type { CommandContext } from '../src/cli/context';
import { usageError } from '../src/errors';
import { invoke } from '../src/invoke/invoke';
import { withoutPrompts } from '../src/output/io';
import { VERIFICATION_HEADER } from '../src/auth/verification';
import { readFileInputs, resolveBody } from '../src/request/body';
import { checkBodyFields } from '../src/request/build';
import type { OperationRecord, SurfaceRecord } from '../src/catalog/record';

export async function runOperation(surface: SurfaceRecord, operation: OperationRecord, argv: string[], given: CommandContext): Promise<void> {
  const label = `${surface.name} ${operation.command}`;
  const { inputs, globals } = parseOperationFlags(operation, argv, label);
  const context = globals.noInput ? { ...given, io: withoutPrompts(given.io) } : given;
  const { io } = context;
  if (globals.help) return io.out(commandHelp(surface, operation));
  if (globals.token) io.err('warning: --token puts the token in shell history and the process list; prefer LOGTO_API_KEY or logto auth login\n');

  // A missing verification id is obtained later rather than refused: see obtainVerification.
  const verification = operation.inputs.find((input) => input.in === 'header' && input.name === VERIFICATION_HEADER && input.required);
  if (operation.inputs.some((input) => input.in === 'path' && input.required && inputs[input.flag] === undefined)) {
    const { pickMissingInputs } = require('../src/invoke/pick') as typeof import('../src/invoke/pick');
    await pickMissingInputs(surface, operation, inputs, globals, context, verification?.flag);
  }
  checkRequired(operation, inputs, verification?.flag);
  readFileInputs(operation, inputs);
  const body = resolveBody(globals, io.readStdin);
  checkBodyFields(operation, inputs, body);
  const hasFields = operation.inputs.some((input) => input.in === 'body' && inputs[input.flag] !== undefined);
  if (operation.body?.required && body === undefined && !hasFields) {
    throw usageError(`${label} needs a request body: pass --body JSON|@FILE|-, or -f/-F fields`);
  }
  await invoke({ label, operation, inputs, body, globals }, context);
}
