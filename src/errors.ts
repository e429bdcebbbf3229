// Exit codes are part of the CLI's contract (documented in the README).
export const ExitCode = {
  ok: 0,
  /** The server answered with a status >= 400. */
  server: 1,
  /** Bad usage: unknown flag, missing or malformed input, unreadable file. */
  usage: 2,
  /** No credentials or endpoint configured. */
  credentials: 3,
  /** Network failure or timeout. */
  network: 4,
  interrupted: 130,
  /** Stopped by SIGTERM (or SIGHUP) after cleaning up, e.g. `hooks listen` deleting its webhook. */
  terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the user caused or can fix: printed as one line, never as a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    /** Structured detail for `--output json` error reporting. */
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, ExitCode.usage);
