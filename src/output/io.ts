// One object owns the streams and what they allow: TTY detection, colour, prompting.
import type { Readable } from 'node:stream';

export interface IO {
  out(text: string): void;
  /** Resolves once stdout has taken what was written: streaming output waits here, so memory stays flat. */
  outDrained(): Promise<void>;
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  /** The terminal's width in characters, when stdout is one. */
  readonly columns: number;
  /** Colour on stdout: only on a terminal, and never when NO_COLOR is set. */
  readonly color: boolean;
  readonly colorErr: boolean;
  /** All of stdin, however slowly it arrives. */
  readStdin(): Promise<string>;
  /** stdin line by line, each as soon as it arrives (for `logto batch`); ends early when `signal` aborts. */
  stdinLines(signal?: AbortSignal): AsyncIterable<string>;
}

/**
 * Reads a stream until its end. A synchronous read of fd 0 fails with EAGAIN when the
 * producer is slower than us on a non-blocking pipe (`(sleep 1; echo x) | logto ...`).
 */
export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export async function* linesOf(stream: Readable, signal?: AbortSignal): AsyncIterable<string> {
  const { createInterface } = require('node:readline') as typeof import('node:readline');
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  // Ctrl-C while waiting for a slow producer: stop reading, and let go of stdin so the process can exit.
  const stop = () => {
    lines.close();
    stream.destroy();
  };
  signal?.addEventListener('abort', stop, { once: true });
  try {
    yield* lines;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

export function createIO(env: NodeJS.ProcessEnv = process.env): IO {
  const colorAllowed = !env.NO_COLOR && env.TERM !== 'dumb';
  const stdoutIsTTY = process.stdout.isTTY === true;
  const stderrIsTTY = process.stderr.isTTY === true;
  return {
    out: (text) => void process.stdout.write(text),
    outDrained: () => (process.stdout.writableNeedDrain ? new Promise((resolve) => process.stdout.once('drain', resolve)) : Promise.resolve()),
    err: (text) => void process.stderr.write(text),
    stdoutIsTTY,
    stderrIsTTY,
    // A getter: the first touch of process.stdin sets up a stream, which most commands never read.
    get stdinIsTTY() {
      return process.stdin.isTTY === true;
    },
    columns: process.stdout.columns || 80,
    color: colorAllowed && stdoutIsTTY,
    colorErr: colorAllowed && stderrIsTTY,
    readStdin: () => readAll(process.stdin),
    stdinLines: (signal) => linesOf(process.stdin, signal),
  };
}

/** An IO whose stdout is captured (never a terminal, never prompting): for calls made on someone's behalf. */
export function captureIO(io: IO, readStdin: () => Promise<string>): IO & { captured(): string } {
  let out = '';
  return {
    out: (text) => void (out += text),
    outDrained: () => Promise.resolve(),
    err: io.err,
    stdoutIsTTY: false,
    // Whoever made this call (batch, MCP) owns the terminal: no hints or status lines of its own.
    stderrIsTTY: false,
    stdinIsTTY: false,
    columns: io.columns,
    color: false,
    colorErr: io.colorErr,
    readStdin,
    stdinLines: async function* () {
      yield* (await readStdin()).split('\n');
    },
    captured: () => out,
  };
}

/** The same streams, but nothing is ever asked (--no-input): prompts fail as they would without a terminal. */
export function withoutPrompts(io: IO): IO {
  return { ...io, stdinIsTTY: false };
}
