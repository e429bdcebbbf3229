// A real HTTP server on 127.0.0.1 that records every request and answers as the test says.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Raw request target as it reached the server, still percent-encoded. */
  url: string;
  pathname: string;
  query: Record<string, string | string[]>;
  headers: IncomingMessage['headers'];
  body: string;
  json?: unknown;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: unknown;
  /** Milliseconds to wait before answering. */
  delay?: number;
  /** Destroy the socket instead of answering. */
  hangUp?: boolean;
}

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  /** Sets how the server answers from now on. */
  reply(handler: (request: RecordedRequest) => Reply | Promise<Reply>): void;
  close(): Promise<void>;
}

function record(req: IncomingMessage, body: string): RecordedRequest {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const existing = query[key];
    query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  let json: unknown;
  try {
    json = body ? JSON.parse(body) : undefined;
  } catch {
    json = undefined;
  }
  return { method: req.method ?? '', url: req.url ?? '', pathname: url.pathname, query, headers: req.headers, body, json };
}

export async function startServer(): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  let handler: (request: RecordedRequest) => Reply | Promise<Reply> = () => ({ status: 200, body: { ok: true } });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = record(req, Buffer.concat(chunks).toString('utf8'));
      requests.push(recorded);
      // A handler may answer later (a stand-in that first calls out, as Logto's hook test does).
      void Promise.resolve(handler(recorded)).then((reply) => {
        const answer = () => {
          if (reply.hangUp) return req.socket.destroy();
          const status = reply.status ?? 200;
          const payload = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
          const headers: Record<string, string | string[]> = { ...(reply.body !== undefined && typeof reply.body !== 'string' ? { 'content-type': 'application/json' } : {}), ...reply.headers };
          res.writeHead(status, headers);
          res.end(payload);
        };
        if (reply.delay) setTimeout(answer, reply.delay);
        else answer();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (next) => {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
