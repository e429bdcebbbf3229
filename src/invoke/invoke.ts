// Runs one operation, whether a generated command or `logto api`: build the request,
// then dry-run, confirm, verify, authenticate, send (with retries or page by page), print.
import { Session } from '../auth/session';
import { audienceFor, authFor } from '../auth/tokens';
import { explainAccountError } from '../auth/hints';
import { verificationFor, verificationInput } from '../auth/verification';
import type { CommandContext } from '../cli/context';
import { DEFAULT_TIMEOUT_SECONDS } from '../cli/defaults';
import { pages } from '../cli/global-flags';
import type { GlobalValues } from '../cli/values';
import { arrayStreamer, itemSink, presentation, printData } from '../output/format';
import { usageError } from '../errors';
import { buildRequest, checkHeaderValue, withBodyFields, type HttpRequest, type InputValue } from '../request/build';
import { DEFAULT_RETRIES, sendWithRetries } from '../request/retry';
import { serverError, type HttpResponse, type SendOptions } from '../request/send';
import type { OperationRecord } from '../catalog/record';
import { confirmDestructive } from './confirm';
import { describeRequest } from './dry-run';
import { refuseHtml } from './html';
import { DEFAULT_PAGE_SIZE, maxPages, paginate, totalOf } from './paginate';
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
  const pageSize = inputs['page-size'];
  if (pageSize !== undefined && !(Number(pageSize) >= 1)) throw usageError(`--page-size must be at least 1, got ${JSON.stringify(pageSize)}`);
  const build = () => addHeaders(buildRequest(operation, inputs, invocation.body, endpoint), invocation.headers);
  let request = build();
  if (globals.dryRun) return io.out(describeRequest(request, audienceFor(operation.path), globals.dryRun, globals.profile));

  if (operation.hints.destructive && !globals.yes) await confirmDestructive(`${operation.summary} (${invocation.label})`, `${request.method} ${request.path}`, io);
  const sent = withBodyFields(operation, inputs, invocation.body);
  const verification = verificationInput(operation, sent);
  if (verification && inputs[verification.flag] === undefined) {
    inputs[verification.flag] = await verificationFor(session);
    request = build();
  }

  const auth = await authFor(session, operation.path);
  const transport = { ...session.transport, signal: context.signal };
  const retry = { allowed: operation.method === 'GET' || operation.hints.idempotent, retries: globals.retries ?? DEFAULT_RETRIES };
  const fetch = async (one: HttpRequest, streamTo?: SendOptions['onItems']): Promise<HttpResponse> => {
    const response = await sendWithRetries({ ...one, headers: { ...one.headers, ...auth.headers } }, { ...transport, onItems: streamTo }, retry);
    await auth.afterResponse?.(response);
    if (response.status >= 400) throw explainAccountError(serverError(response.status, response.data), session, operation.method, operation.path, sent);
    refuseHtml(response, one.method, one.path, endpoint.pathname);
    return response;
  };

  if (globals.all || globals.limit !== undefined) {
    const page = Number(inputs.page ?? 1);
    const pageSize = Number(inputs['page-size'] ?? DEFAULT_PAGE_SIZE);
    const counts = pagingCounts(pageSize, globals.limit);
    return withProgress(io, env, invocation.label, 'page 1', async (progress) => {
      const watched = counts.watch(fetch, itemSink(how, io), progress);
      await paginate(request, { page, pageSize, limit: globals.limit, maxPages: maxPages(env), signal: context.signal }, watched.fetchPage, watched.sink);
    }, counts.final);
  }
  // A large array streams straight to stdout instead of being held whole (and twice, as text and as objects).
  const streamer = arrayStreamer(how, io);
  const response = await fetch(request, streamer?.onItems);
  if (response.streamed) streamer!.finish(response.streamed);
  else await printData(response.data, how, io);
  const total = totalOf(response);
  if (paged && io.stderrIsTTY && total !== undefined && Array.isArray(response.data)) {
    const page = Number(inputs.page ?? 1);
    const shown = (page - 1) * Number(inputs['page-size'] ?? response.data.length) + response.data.length;
    if (shown < total) io.err(`Showing ${shown} of ${total}; pass --all for every page, or --page ${page + 1} for the next.\n`);
  }
}
