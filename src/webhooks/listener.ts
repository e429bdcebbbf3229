// The local HTTP endpoint the temporary webhook points at. POST is a delivery; GET answers
// with the listener's instance id, which is how another `hooks listen` tells a live
// listener's hook from a stale one.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Logto's payloads are small JSON documents; anything far larger is not a delivery. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface Answer {
  status: number;
  contentType?: string;
  body: string;
}

export interface Listener {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  close(): Promise<void>;
}

export async function startListener(
  options: { host: string; port: number; instance: string },
  onDelivery: (headers: IncomingHttpHeaders, body: Buffer, remote: string | undefined) => Promise<Answer>,
): Promise<Listener> {
  const server = createServer((req, res) => {
    const answer = ({ status, contentType, body }: Answer) => res.writeHead(status, { 'content-type': contentType ?? 'application/json' }).end(body);
    if (req.method === 'GET') return answer({ status: 200, body: JSON.stringify({ logtoCliListener: options.instance }) });
    if (req.method !== 'POST') return answer({ status: 405, body: JSON.stringify({ error: 'POST a webhook delivery here' }) });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      onDelivery(req.headers, Buffer.concat(chunks), req.socket.remoteAddress).then(answer, (error: Error) =>
        answer({ status: 500, body: JSON.stringify({ error: error.message }) }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
