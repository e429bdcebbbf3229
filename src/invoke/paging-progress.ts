// --all's status line: items and pages so far, out of the server's Total-Number when it sends one.
import type { ItemSink } from '../output/format';
import { plural } from '../output/plural';
import type { Progress } from '../output/progress';
import type { HttpRequest } from '../request/build';
import type { HttpResponse } from '../request/send';
import { totalOf } from './paginate';

export interface PagingCounts {
  status(): string;
  final(): string;
  /** Wraps the page fetcher and the output, counting what passes through them. */
  watch(fetchPage: (request: HttpRequest) => Promise<HttpResponse>, sink: ItemSink, progress: Progress): { fetchPage: typeof fetchPage; sink: ItemSink };
}

export function pagingCounts(pageSize: number, limit: number | undefined): PagingCounts {
  let items = 0;
  let pages = 0;
  let total: number | undefined;
  const status = () => {
    const expected = total === undefined ? limit : Math.min(total, limit ?? total);
    if (expected === undefined) return `${plural(items, 'item')}, page ${pages}`;
    return `${items} of ${plural(expected, 'item')}, page ${pages} of ${Math.max(1, Math.ceil(expected / pageSize))}`;
  };
  const final = () => `${plural(items, 'item')} in ${plural(pages, 'page')}`;
  return {
    status,
    final,
    watch: (fetchPage, sink, progress) => ({
      fetchPage: async (request) => {
        const response = await fetchPage(request);
        total = totalOf(response) ?? total;
        pages += 1;
        return response;
      },
      sink: {
        write: async (batch) => {
          await sink.write(batch);
          items += batch.length;
          progress.update(status());
        },
        end: () => sink.end(),
      },
    }),
  };
}
