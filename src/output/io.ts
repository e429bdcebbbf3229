// One object owns the streams and what they allow: TTY detection, colour, prompting.
import { readFileSync } from 'node:fs';

export interface IO {
  out(text: string): void;
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  /** The terminal's width in characters, when stdout is one. */
  readonly columns: number;
  /** Colour on stdout: only on a terminal, and never when NO_COLOR is set. */
  readonly color: boolean;
  readonly colorErr: boolean;
  readStdin(): string;
}

export function createIO(env: NodeJS.ProcessEnv = process.env): IO {
  const colorAllowed = !env.NO_COLOR && env.TERM !== 'dumb';
  const stdoutIsTTY = process.stdout.isTTY === true;
  const stderrIsTTY = process.stderr.isTTY === true;
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    stdoutIsTTY,
    stderrIsTTY,
    stdinIsTTY: process.stdin.isTTY === true,
    columns: process.stdout.columns || 80,
    color: colorAllowed && stdoutIsTTY,
    colorErr: colorAllowed && stderrIsTTY,
    readStdin: () => readFileSync(0, 'utf8'),
  };
}

/** An IO whose stdout is captured (never a terminal, never prompting): for calls made on someone's behalf. */
export function captureIO(io: IO, readStdin: () => string): IO & { captured(): string } {
  let out = '';
  return {
    out: (text) => void (out += text),
    err: io.err,
    stdoutIsTTY: false,
    // Whoever made this call (batch, MCP) owns the terminal: no hints or status lines of its own.
    stderrIsTTY: false,
    stdinIsTTY: false,
    columns: io.columns,
    color: false,
    colorErr: io.colorErr,
    readStdin,
    captured: () => out,
  };
}

/** The same streams, but nothing is ever asked (--no-input): prompts fail as they would without a terminal. */
export function withoutPrompts(io: IO): IO {
  return { ...io, stdinIsTTY: false };
}
