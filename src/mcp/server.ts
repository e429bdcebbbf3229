// `logto mcp serve`: the loaded specs as an MCP server, over stdio or Streamable HTTP on
// 127.0.0.1. stdout is the protocol; anything else goes to stderr.
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CommandContext } from '../cli/context';
import { capText, forTerminal } from '../output/safe-text';
import { redactText } from '../request/redact';
import { callTool, type CallSettings } from './call';
import { OpenRequests, MAX_CONNECTIONS } from './http-limits';
import { describeTool, type McpTool } from './tools';
import { plural } from '../output/plural';

type Sdk = {
  Server: new (info: { name: string; version: string }, options: { capabilities: { tools: object } }) => {
    setRequestHandler(schema: unknown, handler: (request: { params: { name: string; arguments?: Record<string, unknown> } }) => Promise<unknown>): void;
    connect(transport: unknown): Promise<void>;
    close(): Promise<void>;
    onclose?: () => void;
  };
  ListToolsRequestSchema: unknown;
  CallToolRequestSchema: unknown;
};

// The SDK is loaded by these commands only: nothing else pays for it.
function sdk(): Sdk {
  return {
    ...(require('@modelcontextprotocol/sdk/server/index.js') as Pick<Sdk, 'Server'>),
    ...(require('@modelcontextprotocol/sdk/types.js') as Pick<Sdk, 'ListToolsRequestSchema' | 'CallToolRequestSchema'>),
  };
}

interface Served {
  byName: Map<string, McpTool>;
  listed: ReturnType<typeof describeTool>[];
}

const served = (tools: McpTool[]): Served => ({ byName: new Map(tools.map((tool) => [tool.name, tool])), listed: tools.map(describeTool) });

function mcpServer({ byName, listed }: Served, version: string, settings: CallSettings, context: CommandContext) {
  const { Server, ListToolsRequestSchema, CallToolRequestSchema } = sdk();
  const server = new Server({ name: 'logto', version }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: listed }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = byName.get(request.params.name);
    if (!tool) return { content: [{ type: 'text', text: `unknown tool ${request.params.name}` }], isError: true };
    try {
      return await callTool(tool, request.params.arguments ?? {}, settings, context);
    } catch (error) {
      // Never a crashed server: an unexpected failure is this call's error, logged on stderr.
      context.io.err(`logto mcp: ${tool.name} failed: ${forTerminal(redactText((error as Error).message))}\n`);
      return { content: [{ type: 'text', text: `internal error in ${tool.name}: ${capText(redactText((error as Error).message))}` }], isError: true };
    }
  });
  return server;
}

export async function serveStdio(tools: McpTool[], version: string, settings: CallSettings, context: CommandContext): Promise<void> {
  const { JSONRPCMessageSchema } = require('@modelcontextprotocol/sdk/types.js') as { JSONRPCMessageSchema: { safeParse(value: unknown): { success: boolean } } };
  const { StdioLineTransport } = require('./stdio') as typeof import('./stdio');
  const server = mcpServer(served(tools), version, settings, context);
  const closed = new Promise<void>((resolve) => (server.onclose = resolve));
  // The client closing stdin ends the session.
  const transport = new StdioLineTransport(process.stdin, process.stdout, (message) => JSONRPCMessageSchema.safeParse(message).success, context.io.err);
  await server.connect(transport);
  context.io.err(`logto mcp: serving ${plural(tools.length, 'tool')} on stdio\n`);
  await closed;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The MCP spec asks a local server to check Origin against DNS rebinding: the Host must name the
 * loopback interface, and a browser's Origin (when sent) must be a loopback page too.
 */
export function fromLoopback(host: string | undefined, origin: string | undefined): boolean {
  const hostname = (value: string) => {
    try {
      return new URL(value).hostname;
    } catch {
      return undefined;
    }
  };
  if (!host || !LOOPBACK.has(hostname(`http://${host}`) ?? '')) return false;
  return origin === undefined || LOOPBACK.has(hostname(origin) ?? '');
}

function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

export async function serveHttp(
  tools: McpTool[],
  version: string,
  options: { port: number; idleSeconds: number },
  settings: CallSettings,
  context: CommandContext,
): Promise<void> {
  const { StreamableHTTPServerTransport } = require('@modelcontextprotocol/sdk/server/streamableHttp.js') as {
    StreamableHTTPServerTransport: new (options: { sessionIdGenerator: undefined }) => { handleRequest(req: unknown, res: unknown): Promise<void>; close(): Promise<void> };
  };
  const catalogue = served(tools);
  const open = new OpenRequests();
  const http = createHttpServer(async (req, res) => {
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/mcp') return void res.writeHead(404).end();
    if (!fromLoopback(req.headers.host, req.headers.origin)) {
      // A web page cannot reach the user's credentials through DNS rebinding or a cross-site request.
      context.io.err(`logto mcp: refused a request with Host ${JSON.stringify(req.headers.host ?? '')} and Origin ${JSON.stringify(req.headers.origin ?? '')}\n`);
      return refuse(res, 403, 'Forbidden: Host and Origin must be loopback');
    }
    // Stateless, so there is nothing to push on a standing GET stream and no session to DELETE:
    // the spec's answer for a server without such a stream is 405.
    if (req.method !== 'POST') return refuse(res, 405, 'Method not allowed: this server takes POST only (stateless, no standing SSE stream)', { allow: 'POST' });
    const admitted = open.admit(req.socket.remoteAddress ?? '?');
    if ('status' in admitted) {
      context.io.err(`logto mcp: refused a request: ${admitted.reason}\n`);
      return refuse(res, admitted.status, admitted.reason, { 'retry-after': '1' });
    }
    // Stateless: a server and transport per request, as the SDK recommends without sessions.
    const server = mcpServer(catalogue, version, settings, context);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      admitted.release();
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  http.maxConnections = MAX_CONNECTIONS;
  // A connection silent both ways this long is closed, whether idle keep-alive, a request that
  // never finishes arriving, or a response stream with nothing more to say.
  const idleMs = options.idleSeconds * 1000;
  http.setTimeout(idleMs);
  http.headersTimeout = Math.min(idleMs, 60_000);
  http.requestTimeout = Math.max(idleMs, http.headersTimeout);
  await new Promise<void>((resolve) => http.listen(options.port, '127.0.0.1', resolve));
  context.io.err(`logto mcp: serving ${plural(tools.length, 'tool')} on http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp\n`);
  await new Promise<void>((resolve) => {
    context.signal?.addEventListener('abort', () => {
      http.closeAllConnections();
      http.close(() => resolve());
    });
  });
}
