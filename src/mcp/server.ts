// `logto mcp serve`: the loaded specs as an MCP server, over stdio or Streamable HTTP on
// 127.0.0.1. stdout is the protocol; anything else goes to stderr.
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CommandContext } from '../cli/context';
import type { GlobalValues } from '../cli/parse-flags';
import { callTool } from './call';
import { describeTool, type McpTool } from './tools';

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

function mcpServer(tools: McpTool[], version: string, connection: Partial<GlobalValues>, context: CommandContext) {
  const { Server, ListToolsRequestSchema, CallToolRequestSchema } = sdk();
  const server = new Server({ name: 'logto', version }, { capabilities: { tools: {} } });
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const listed = tools.map(describeTool);
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: listed }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = byName.get(request.params.name);
    if (!tool) return { content: [{ type: 'text', text: `unknown tool ${request.params.name}` }], isError: true };
    try {
      return await callTool(tool, request.params.arguments ?? {}, connection, context);
    } catch (error) {
      // Never a crashed server: an unexpected failure is this call's error, logged on stderr.
      context.io.err(`logto mcp: ${tool.name} failed: ${(error as Error).message}\n`);
      return { content: [{ type: 'text', text: `internal error in ${tool.name}: ${(error as Error).message}` }], isError: true };
    }
  });
  return server;
}

export async function serveStdio(tools: McpTool[], version: string, connection: Partial<GlobalValues>, context: CommandContext): Promise<void> {
  const { StdioServerTransport } = require('@modelcontextprotocol/sdk/server/stdio.js') as { StdioServerTransport: new () => unknown };
  const server = mcpServer(tools, version, connection, context);
  const closed = new Promise<void>((resolve) => (server.onclose = resolve));
  await server.connect(new StdioServerTransport());
  context.io.err(`logto mcp: serving ${tools.length} tools on stdio\n`);
  // The client closing stdin ends the session.
  process.stdin.on('end', () => void server.close());
  await closed;
}

export async function serveHttp(tools: McpTool[], version: string, port: number, connection: Partial<GlobalValues>, context: CommandContext): Promise<void> {
  const { StreamableHTTPServerTransport } = require('@modelcontextprotocol/sdk/server/streamableHttp.js') as {
    StreamableHTTPServerTransport: new (options: { sessionIdGenerator: undefined }) => { handleRequest(req: unknown, res: unknown): Promise<void>; close(): Promise<void> };
  };
  const http = createHttpServer(async (req, res) => {
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    // Stateless: a server and transport per request, as the SDK recommends without sessions.
    const server = mcpServer(tools, version, connection, context);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  context.io.err(`logto mcp: serving ${tools.length} tools on http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp\n`);
  await new Promise<void>((resolve) => {
    context.signal?.addEventListener('abort', () => http.close(() => resolve()));
  });
}
