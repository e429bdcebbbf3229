// Exit codes are part of the CLI's contract (documented in the README).
import { capText, MAX_MESSAGE_CHARS } from './output/safe-text';
import { redactText, redactValue } from './request/redact';

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
  /** `logto tenant plan --exit-code`: the plan has changes (not a failure). */
  changesPending: 10,
  interrupted: 130,
  /** Stopped by SIGTERM (or SIGHUP) after cleaning up, e.g. `hooks listen` deleting its webhook. */
  terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A detail value as any output may show it: secrets redacted (a server may echo the request), a huge payload cut short. */
function boundedDetail(value: unknown): unknown {
  if (typeof value === 'string') return capText(redactText(value));
  const redacted = redactValue(value);
  const text = JSON.stringify(redacted);
  return text !== undefined && text.length > MAX_MESSAGE_CHARS ? capText(text) : redacted;
}

/**
 * An error the user caused or can fix: printed as one line, never as a stack trace. Every
 * error path (stderr, batch results, MCP results) reads these fields, so they are made
 * safe here: secret-looking values redacted and length bounded.
 */
export class CliError extends Error {
  /** Structured detail for `--output json` error reporting. */
  readonly detail?: Record<string, unknown>;

  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    detail?: Record<string, unknown>,
  ) {
    super(capText(redactText(message)));
    if (detail) this.detail = Object.fromEntries(Object.entries(detail).map(([key, value]) => [key, boundedDetail(value)]));
  }
}

export const usageError = (message: string) => new CliError(message, ExitCode.usage);
