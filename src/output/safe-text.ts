// Text from a server or a user, made safe to print for a person: control characters
// escaped (no terminal escape sequences, no forged lines) and length bounded.
// JSON output never goes through here: it stays exact (JSON.stringify escapes controls itself).

/** C0 and C1 controls, DEL, and the bidirectional overrides that reorder what a terminal shows. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const escapeOne = (char: string) => {
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** Escapes control characters; `keepNewlines` for multi-line blocks such as tables. */
export function escapeControl(text: string, keepNewlines = false): string {
  return text.replace(keepNewlines ? CONTROL : CONTROL_OR_NEWLINE, escapeOne);
}

export const MAX_MESSAGE_CHARS = 2048;

/** The first `max` characters, then how much was left out: a 5 MB server message stays one readable line. */
export function capText(text: string, max = MAX_MESSAGE_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… ${Buffer.byteLength(text.slice(max))} more bytes`;
}

/** What an error line shows: secrets already redacted by the caller, then bounded and escaped. */
export const forTerminal = (text: string) => escapeControl(capText(text));
