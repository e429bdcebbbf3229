// The Content-Type of an uploaded file part: from `;type=…` after the path (curl's -F
// convention), else from the extension. Logto refuses parts typed application/octet-stream
// (400 guard.mime_type_not_allowed), so the type matters.
import { extname } from 'node:path';
import { usageError } from '../errors';

const BY_EXTENSION: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.bmp': 'image/bmp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.avif': 'image/avif',
  '.zip': 'application/zip',
  '.pdf': 'application/pdf',
  '.json': 'application/json',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.xml': 'application/xml',
};

/** `./logo.png;type=image/png` → the path and the type. */
export function fileArgument(raw: string, flag: string): { path: string; type: string } {
  const match = /^(.*);type=([^;]*)$/.exec(raw);
  if (match) {
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(match[2])) throw usageError(`--${flag}: ;type= expects a media type such as image/png, got ${JSON.stringify(match[2])}`);
    return { path: match[1], type: match[2] };
  }
  return { path: raw, type: BY_EXTENSION[extname(raw).toLowerCase()] ?? 'application/octet-stream' };
}
