// --all: every page of a list operation, in order, handed to the output as it arrives.
// Logto pages with `page` / `page_size` and reports the total in `Total-Number`.
import { CliError, ExitCode } from '../errors';
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

export async function paginate(
  first: HttpRequest,
  options: { page: number; pageSize: number; limit?: number; signal?: AbortSignal },
  fetchPage: (request: HttpRequest) => Promise<HttpResponse>,
  sink: ItemSink,
): Promise<void> {
  let written = 0;
  for (let page = options.page; ; page++) {
    if (options.signal?.aborted) throw new CliError('interrupted', ExitCode.interrupted);
    const response = await fetchPage(withPage(first, page, options.pageSize));
    if (!Array.isArray(response.data)) throw new CliError(`--all expects each page to be a JSON array, page ${page} was not`, ExitCode.server);
    const items = options.limit === undefined ? response.data : response.data.slice(0, options.limit - written);
    await sink.write(items);
    written += items.length;
    const total = totalOf(response);
    const done =
      response.data.length < options.pageSize || (options.limit !== undefined && written >= options.limit) || (total !== undefined && page * options.pageSize >= total);
    if (done) break;
  }
  await sink.end();
}
