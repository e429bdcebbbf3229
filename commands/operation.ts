// The one command behind every spec operation: flags in, pipeline, formatter out.
import { resolveEndpoint, resolveToken } from '../src/auth/credentials';
import { commandHelp } from '../src/cli/help';
import { checkRequired, parseOperationFlags } from '../src/cli/parse-flags';
import { usageError } from '../src/errors';
import { resolveBody } from '../src/request/body';
import { buildRequest } from '../src/request/build';
import { send } from '../src/request/send';
import { chooseFormat, printData } from '../src/output/format';
import type { CommandContext } from '../src/cli/context';
import type { OperationRecord, SurfaceRecord } from '../src/spec/record';

const DEFAULT_TIMEOUT_SECONDS = 30;

export async function runOperation(surface: SurfaceRecord, operation: OperationRecord, argv: string[], context: CommandContext): Promise<void> {
  const { io, env } = context;
  const { inputs, globals } = parseOperationFlags(operation, argv, `${surface.name} ${operation.command}`);
  if (globals.help) return io.out(commandHelp(surface, operation));
  const format = chooseFormat(globals.output, io);

  checkRequired(operation, inputs);
  const body = resolveBody(globals, io.readStdin);
  if (operation.body?.required && body === undefined) {
    throw usageError(`${surface.name} ${operation.command} needs a request body: pass --body JSON|@FILE|-, or -f/-F fields`);
  }
  const endpoint = resolveEndpoint(globals, env);
  const token = await resolveToken(operation, globals, env);
  const request = buildRequest(operation, inputs, body, endpoint);
  const response = await send(request, {
    token: token?.value,
    timeoutMs: (globals.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
    verbose: globals.verbose,
    io,
  });
  await printData(response.data, format, io);
}
