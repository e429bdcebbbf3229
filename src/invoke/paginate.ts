// --all: every page of a list operation, in order, handed to the output as it arrives.
// Logto pages with `page` / `page_size` and reports the total in `Total-Number`.
import { CliError, ExitCode, usageError } from '../errors';
import type { HttpRequest } from '../request/build';
import type { HttpResponse } from '../request/send';
import type { ItemSink } from '../output/format';

export const DEFAULT_PAGE_SIZE = 100;

export function withPage(request: HttpRequest, page: number, pageSize: number): HttpRequest {
  const at = request.path.indexOf('?');
  const query = new URLSearchParams(at < 0 ? '' : request.path.slice(at + 1));
  query.set('page', String(page));
  query.set('page_size', String(pageSize));
  return { ...request, path: `${at < 0 ? request.path : request.path.slice(0, at)}?${query.toString()}` };
}

export function totalOf(response: HttpResponse): number | undefined {
  const header = response.headers['total-number'];
  const total = Number(Array.isArray(header) ? header[0] : header);
  return header === undefined || !Number.isFinite(total) ? undefined : total;
}

/** `GET /api/logs?enableCap=true` reports at most 10,001 and says so: that total is a floor, not the end. */
export const totalIsCapped = (response: HttpResponse) => String(response.headers['total-number-is-capped'] ?? '').toLowerCase() === 'true';

/** A bound on any server, honest or not: 10,000 pages is a million items at Logto's largest page size. */
export const DEFAULT_MAX_PAGES = 10_000;

/** LOGTO_MAX_PAGES raises (or lowers) the bound for lists that really are that long. */
export function maxPages(env: NodeJS.ProcessEnv): number {
  const raw = env.LOGTO_MAX_PAGES;
  if (raw === undefined || raw === '') return DEFAULT_MAX_PAGES;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw usageError(`LOGTO_MAX_PAGES expects a whole number of at least 1, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

/**
 * Pages until a page comes back empty or short, the total is reached (unless capped) or --limit
 * is met. A server that repeats a page (it ignores `page`) or never runs out is an error, not a loop.
 */
export async function paginate(
  first: HttpRequest,
  /** `what`: the paging named in errors, when it is not the user's --all (`listing /api/hooks`). */
  options: { page: number; pageSize: number; limit?: number; maxPages: number; signal?: AbortSignal; what?: string },
  fetchPage: (request: HttpRequest) => Promise<HttpResponse>,
  sink: ItemSink,
): Promise<void> {
  const what = options.what ?? '--all';
  let written = 0;
  let previous: string | undefined;
  for (let page = options.page, fetched = 0; ; page++, fetched++) {
    if (options.signal?.aborted) throw new CliError('interrupted', ExitCode.interrupted);
    if (fetched >= options.maxPages) {
      const advice = options.what === undefined ? `narrow the query, use --limit, raise LOGTO_MAX_PAGES, or continue with --page ${page}` : 'raise LOGTO_MAX_PAGES if the list really is that long';
      throw new CliError(
        `${what} stopped after ${options.maxPages} pages (${written} items) and the server still had more; ${advice}`,
        ExitCode.server,
        { code: 'too_many_pages' },
      );
    }
    const response = await fetchPage(withPage(first, page, options.pageSize));
    if (!Array.isArray(response.data)) throw new CliError(`${what} expects each page to be a JSON array, page ${page} was not`, ExitCode.server);
    const text = JSON.stringify(response.data);
    if (response.data.length > 0 && text === previous) {
      throw new CliError(`the server sent page ${page} identical to page ${page - 1}: it ignores paging, so ${what} stops here`, ExitCode.server, { code: 'repeated_page' });
    }
    previous = text;
    const items = options.limit === undefined ? response.data : response.data.slice(0, options.limit - written);
    await sink.write(items);
    written += items.length;
    const total = totalOf(response);
    const done =
      response.data.length < options.pageSize ||
      (options.limit !== undefined && written >= options.limit) ||
      (total !== undefined && !totalIsCapped(response) && page * options.pageSize >= total);
    if (done) break;
  }
  await sink.end();
}
