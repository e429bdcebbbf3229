// The one command behind every spec operation: flags in, pipeline, formatter out.
import { Session } from '../src/auth/session';
import { authFor } from '../src/auth/tokens';
import { obtainVerification, VERIFICATION_HEADER } from '../src/auth/verification';
import { commandHelp } from '../src/cli/help';
import { checkRequired, parseOperationFlags } from '../src/cli/parse-flags';
import { usageError } from '../src/errors';
import { resolveBody } from '../src/request/body';
import { buildRequest } from '../src/request/build';
import { send, serverError } from '../src/request/send';
import { chooseFormat, printData } from '../src/output/format';
import type { CommandContext } from '../src/cli/context';
import type { OperationRecord, SurfaceRecord } from '../src/spec/record';

import { DEFAULT_TIMEOUT_SECONDS } from '../src/cli/defaults';

export async function runOperation(surface: SurfaceRecord, operation: OperationRecord, argv: string[], context: CommandContext): Promise<void> {
  const { io, env } = context;
  const { inputs, globals } = parseOperationFlags(operation, argv, `${surface.name} ${operation.command}`);
  if (globals.help) return io.out(commandHelp(surface, operation));
  const format = chooseFormat(globals.output, io);

  // A missing verification id is obtained below rather than refused: see obtainVerification.
  const verification = operation.inputs.find((input) => input.in === 'header' && input.name === VERIFICATION_HEADER && input.required);
  checkRequired(operation, inputs, verification?.flag);
  const body = resolveBody(globals, io.readStdin);
  if (operation.body?.required && body === undefined) {
    throw usageError(`${surface.name} ${operation.command} needs a request body: pass --body JSON|@FILE|-, or -f/-F fields`);
  }
  if (globals.token) io.err('warning: --token puts the token in shell history and the process list; prefer LOGTO_API_KEY or logto auth login\n');
  const session = new Session(globals, env, io, { verbose: globals.verbose, timeoutMs: (globals.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000 });
  if (verification && inputs[verification.flag] === undefined) inputs[verification.flag] = (await obtainVerification(session)).verificationRecordId;
  const request = buildRequest(operation, inputs, body, session.endpoint());
  const auth = await authFor(session, operation.path);
  Object.assign(request.headers, auth.headers);
  const response = await send(request, { ...session.transport, acceptErrors: true });
  await auth.afterResponse?.(response);
  if (response.status >= 400) throw serverError(response.status, response.data);
  await printData(response.data, format, io);
}
