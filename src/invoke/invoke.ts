// Runs one operation, whether a generated command or `logto api`: build the request,
// then dry-run, confirm, verify, authenticate, send (with retries or page by page), print.
import { Session } from '../auth/session';
import { audienceFor, authFor } from '../auth/tokens';
import { obtainVerification, VERIFICATION_HEADER } from '../auth/verification';
import type { CommandContext } from '../cli/context';
import { DEFAULT_TIMEOUT_SECONDS } from '../cli/defaults';
import { pages } from '../cli/global-flags';
import type { GlobalValues } from '../cli/values';
import { itemSink, presentation, printData } from '../output/format';
import { buildRequest, checkHeaderValue, type HttpRequest, type InputValue } from '../request/build';
import { DEFAULT_RETRIES, sendWithRetries } from '../request/retry';
import { serverError, type HttpResponse } from '../request/send';
import type { OperationRecord } from '../catalog/record';
import { confirmDestructive } from './confirm';
import { describeRequest } from './dry-run';
import { DEFAULT_PAGE_SIZE, paginate, totalOf } from './paginate';
import { pagingCounts } from './paging-progress';
import { withProgress } from '../output/progress';

export interface Invocation {
  /** How the user named it, for messages: `one-time-tokens delete-one-time-token-id`. */
  label: string;
  operation: OperationRecord;
  inputs: Record<string, InputValue | undefined>;
  body: unknown;
  globals: GlobalValues;
  /** Headers given with `logto api -H`. */
  headers?: Record<string, string>;
}

function addHeaders(request: HttpRequest, headers: Record<string, string> | undefined): HttpRequest {
  for (const [name, value] of Object.entries(headers ?? {})) request.headers[name.toLowerCase()] = checkHeaderValue(name, value);
  return request;
}

export async function invoke(invocation: Invocation, context: CommandContext): Promise<void> {
  const { operation, globals, inputs } = invocation;
  const { io, env } = context;
  const how = presentation(globals, io);
  const paged = pages(operation) || operation.command === 'api';

  const session = new Session(globals, env, io, { verbose: globals.verbose, timeoutMs: (globals.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000 });
  const endpoint = session.endpoint();
  const build = () => addHeaders(buildRequest(operation, inputs, invocation.body, endpoint), invocation.headers);
  let request = build();
  if (globals.dryRun) return io.out(describeRequest(request, audienceFor(operation.path), globals.dryRun));

  if (operation.hints.destructive && !globals.yes) await confirmDestructive(`${operation.summary} (${invocation.label})`, `${request.method} ${request.path}`, io);
  const verification = operation.inputs.find((input) => input.in === 'header' && input.name === VERIFICATION_HEADER && input.required);
  if (verification && inputs[verification.flag] === undefined) {
    inputs[verification.flag] = (await obtainVerification(session)).verificationRecordId;
    request = build();
  }

  const auth = await authFor(session, operation.path);
  const transport = { ...session.transport, signal: context.signal };
  const retry = { allowed: operation.method === 'GET' || operation.hints.idempotent, retries: globals.retries ?? DEFAULT_RETRIES };
  const fetch = async (one: HttpRequest): Promise<HttpResponse> => {
    const response = await sendWithRetries({ ...one, headers: { ...one.headers, ...auth.headers } }, transport, retry);
    await auth.afterResponse?.(response);
    if (response.status >= 400) throw serverError(response.status, response.data);
    return response;
  };

  if (globals.all || globals.limit !== undefined) {
    const page = Number(inputs.page ?? 1);
    const pageSize = Number(inputs['page-size'] ?? DEFAULT_PAGE_SIZE);
    const counts = pagingCounts(pageSize, globals.limit);
    return withProgress(io, env, invocation.label, 'page 1', async (progress) => {
      const watched = counts.watch(fetch, itemSink(how, io), progress);
      await paginate(request, { page, pageSize, limit: globals.limit, signal: context.signal }, watched.fetchPage, watched.sink);
    }, counts.final);
  }
  const response = await fetch(request);
  await printData(response.data, how, io);
  const total = totalOf(response);
  if (paged && io.stderrIsTTY && total !== undefined && Array.isArray(response.data)) {
    const page = Number(inputs.page ?? 1);
    const shown = (page - 1) * Number(inputs['page-size'] ?? response.data.length) + response.data.length;
    if (shown < total) io.err(`Showing ${shown} of ${total}; pass --all for every page, or --page ${page + 1} for the next.\n`);
  }
}
