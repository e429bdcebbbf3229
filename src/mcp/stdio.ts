// The stdio transport of `mcp serve`: newline-delimited JSON-RPC, as the SDK's own. The SDK's
// transport closes the session when a message exceeds its buffer, and drops a line that does not
// parse without a word; here both are answered with a JSON-RPC error and the session goes on.
// When stdin ends, requests already read are answered before the session closes, so a client
// that writes its requests and closes its end (`printf ... | logto mcp serve`) gets every answer.
import type { Readable, Writable } from 'node:stream';

export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** Enough of an oversized message to find its id in. */
const HEAD_BYTES = 4096;

type Message = Record<string, unknown>;
const isId = (id: unknown): id is string | number => typeof id === 'string' || typeof id === 'number';

/** JSON-RPC 2.0 error codes. */
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;

/**
 * The id of a message we will not parse whole: a top-level `"id"` before any nested value
 * (clients, the SDK's included, write `{"jsonrpc":"2.0","id":N,"method":...,"params":...}`).
 */
export function idFromHead(head: string): string | number | null {
  const members = /^\s*\{([^{[]*)/.exec(head)?.[1] ?? '';
  const id = /"id"\s*:\s*(-?\d+(?:\.\d+)?|"(?:[^"\\]|\\.)*")/.exec(members)?.[1];
  return id === undefined ? null : (JSON.parse(id) as string | number);
}

export class StdioLineTransport {
  onmessage?: (message: Message) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;

  private parts: Buffer[] = [];
  private size = 0;
  private head = '';
  private closed = false;
  private ended = false;
  /** Ids of requests passed on and not yet answered. */
  private readonly unanswered = new Set<string | number>();

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly validate: (message: unknown) => boolean,
    private readonly log: (line: string) => void,
    private readonly limit = MAX_MESSAGE_BYTES,
  ) {}

  private readonly onData = (chunk: Buffer) => {
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      this.take(chunk.subarray(start, end));
      this.endOfLine();
      start = end + 1;
    }
    this.take(chunk.subarray(start));
  };

  private readonly onEnd = () => {
    this.ended = true;
    if (this.unanswered.size === 0) void this.close();
  };

  async start(): Promise<void> {
    this.input.on('data', this.onData);
    this.input.on('end', this.onEnd);
  }

  /** Keeps a line's bytes while it is within the limit; past it, only its head, to answer it. */
  private take(part: Buffer): void {
    if (this.head.length < HEAD_BYTES) this.head += part.subarray(0, HEAD_BYTES - this.head.length).toString('latin1');
    this.size += part.length;
    if (this.size > this.limit) this.parts = [];
    else this.parts.push(part);
  }

  private endOfLine(): void {
    const { size, head, parts } = this;
    this.parts = [];
    this.size = 0;
    this.head = '';
    if (size > this.limit) {
      this.log(`logto mcp: refused a message of ${size} bytes (the limit is ${this.limit})\n`);
      return this.reply(idFromHead(head), INVALID_REQUEST, `message of ${size} bytes refused: the limit is ${this.limit} bytes`);
    }
    const text = Buffer.concat(parts).toString('utf8').replace(/\r$/, '');
    if (text.trim() === '') return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (error) {
      return this.reply(null, PARSE_ERROR, `parse error: ${(error as Error).message}`);
    }
    if (!this.validate(message)) {
      const id = (message as Message | null)?.id;
      return this.reply(typeof id === 'string' || typeof id === 'number' ? id : null, INVALID_REQUEST, 'invalid request: not a JSON-RPC 2.0 message');
    }
    const { id, method, params } = message as Message;
    if (typeof method === 'string' && isId(id)) this.unanswered.add(id);
    // A cancelled request gets no answer (the SDK sends none): stop waiting for it.
    if (method === 'notifications/cancelled') this.answered((params as { requestId?: unknown } | undefined)?.requestId);
    this.onmessage?.(message as Message);
  }

  /** Once stdin has ended, the session closes with the last answer. */
  private answered(id: unknown): void {
    if (isId(id) && this.unanswered.delete(id) && this.ended && this.unanswered.size === 0) void this.close();
  }

  private reply(id: string | number | null, code: number, message: string): void {
    void this.send({ jsonrpc: '2.0', id, error: { code, message } });
  }

  send(message: unknown): Promise<void> {
    const { id, method } = message as Message;
    return new Promise<void>((resolve) => {
      if (this.output.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.output.once('drain', resolve);
    }).then(() => {
      if (method === undefined) this.answered(id);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off('data', this.onData);
    this.input.off('end', this.onEnd);
    this.input.pause();
    this.onclose?.();
  }
}
