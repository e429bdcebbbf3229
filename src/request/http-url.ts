// URLs given on the command line (--endpoint, --forward-to, --public-url): any http(s) URL.
import { usageError } from '../errors';

export function parseHttpUrl(raw: string, flag: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usageError(`${flag} is not a valid URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError(`${flag} must be an http(s) URL, got ${url.protocol}`);
  return url;
}
