// The tenant engine's requests, through the CLI's own pipeline: operation records from the
// synced Management API, the same request builder, credentials, retries, redacted --verbose
// tracing and --dry-run description as every generated command.
import { Session } from '../auth/session';
import { authFor, type RequestAuth } from '../auth/tokens';
import type { CommandContext } from '../cli/context';
import { DEFAULT_TIMEOUT_SECONDS } from '../cli/defaults';
import type { GlobalValues } from '../cli/values';
import { findSurfaceOperation } from './operations';
import { CliError, ExitCode } from '../errors';
import { describeRequest } from '../invoke/dry-run';
import { DEFAULT_PAGE_SIZE, maxPages, paginate } from '../invoke/paginate';
import { buildRequest, type HttpRequest, type InputValue } from '../request/build';
import { DEFAULT_RETRIES, sendWithRetries } from '../request/retry';
import { serverError, type HttpResponse } from '../request/send';
import type { OperationRecord } from '../catalog/record';
import type { Registry } from '../catalog/registry';
import type { Endpoint } from './kinds';

export class TenantClient {
  readonly session: Session;
  private auth?: Promise<RequestAuth>;
  private readonly operations = new Map<string, OperationRecord>();

  constructor(
    private readonly registry: Registry,
    private readonly globals: GlobalValues,
    private readonly context: CommandContext,
  ) {
    this.session = new Session(globals, context.env, context.io, { verbose: globals.verbose, timeoutMs: (globals.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000 });
  }

  /** The endpoint, checked before any request so that a missing one is reported first. */
  endpoint(): URL {
    return this.session.endpoint();
  }

  operation(endpoint: Endpoint): OperationRecord {
    const name = `${endpoint.method} ${endpoint.path}`;
    let operation = this.operations.get(name);
    if (!operation) {
      operation = findSurfaceOperation(this.registry, endpoint);
      if (!operation) throw missingOperations([endpoint]);
      this.operations.set(name, operation);
    }
    return operation;
  }

  /** The request for one operation: path placeholders filled in order with `ids`, then a JSON body. */
  request(endpoint: Endpoint, ids: string[], body?: unknown): HttpRequest {
    const operation = this.operation(endpoint);
    const inputs: Record<string, InputValue | undefined> = {};
    const placeholders = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
    placeholders.forEach((name, index) => {
      const input = operation.inputs.find((one) => one.in === 'path' && one.name === name);
      if (input) inputs[input.flag] = ids[index];
    });
    return buildRequest(operation, inputs, body, this.endpoint());
  }

  /** For --dry-run: the request as text, credentials redacted. */
  describe(request: HttpRequest): string {
    return describeRequest(request, 'management', this.globals.dryRun ?? 'request');
  }

  private async exchange(request: HttpRequest, retryAllowed: boolean): Promise<HttpResponse> {
    this.auth ??= authFor(this.session, '/api/');
    const auth = await this.auth;
    const response = await sendWithRetries(
      { ...request, headers: { ...request.headers, ...auth.headers } },
      { ...this.session.transport, signal: this.context.signal, acceptErrors: true },
      { allowed: retryAllowed, retries: this.globals.retries ?? DEFAULT_RETRIES },
    );
    if (response.status >= 400) throw serverError(response.status, response.data);
    return response;
  }

  async send(request: HttpRequest): Promise<unknown> {
    return (await this.exchange(request, request.method !== 'POST' && request.method !== 'PATCH')).data;
  }

  call(endpoint: Endpoint, ids: string[], body?: unknown): Promise<unknown> {
    return this.send(this.request(endpoint, ids, body));
  }

  /** Every item of a list operation: page by page when it pages, else the one answer. */
  async list(endpoint: Endpoint, ids: string[] = []): Promise<Record<string, unknown>[]> {
    const operation = this.operation(endpoint);
    const first = this.request(endpoint, ids);
    if (!operation.inputs.some((input) => input.in === 'query' && input.name === 'page')) return asItems(await this.send(first), endpoint);
    const items: Record<string, unknown>[] = [];
    const collect = { write: async (page: unknown[]) => void items.push(...asItems(page, endpoint)), end: async () => undefined };
    const paging = { page: 1, pageSize: DEFAULT_PAGE_SIZE, maxPages: maxPages(this.context.env), what: `listing ${endpoint.method} ${endpoint.path}` };
    await paginate(first, paging, (request) => this.exchange(request, true), collect);
    return items;
  }
}

function asItems(data: unknown, endpoint: Endpoint): Record<string, unknown>[] {
  if (!Array.isArray(data)) throw new CliError(`${endpoint.method} ${endpoint.path} did not answer a JSON array`, ExitCode.server);
  return data as Record<string, unknown>[];
}

export function missingOperations(endpoints: Endpoint[]): CliError {
  // A few examples: a line, not the whole Management API.
  const shown = endpoints.slice(0, 3).map((one) => `${one.method} ${one.path}`);
  const list = endpoints.length > shown.length ? `${shown.join(', ')} and ${endpoints.length - shown.length} more` : shown.join(', ');
  return new CliError(
    `logto tenant needs the Management API's operations, which are not loaded (${list}): run logto specs sync (against your Logto, or --from-file management.json)`,
    ExitCode.usage,
  );
}
