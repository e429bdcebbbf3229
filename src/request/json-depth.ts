// JSON.parse accepts any nesting, but JSON.stringify and every recursive walk after it
// overflow the stack a few thousand levels down: refuse such documents, whether they come
// from the user (checked before anything is sent) or from a server.
import { usageError } from '../errors';

export const MAX_JSON_DEPTH = 512;

/** A SyntaxError, so that callers treat it as any other unusable JSON. */
export class JsonTooDeep extends SyntaxError {}

export const OPEN_ARRAY = 0x5b;
export const OPEN_OBJECT = 0x7b;
export const CLOSE_ARRAY = 0x5d;
export const CLOSE_OBJECT = 0x7d;
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;

/** The deepest nesting of a JSON text, counted without parsing it (strings skipped). */
export function textDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (code === OPEN_ARRAY || code === OPEN_OBJECT) deepest = Math.max(deepest, ++depth);
    else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) depth--;
  }
  return deepest;
}

/** JSON.parse, refusing documents nested deeper than MAX_JSON_DEPTH. */
export function parseBounded(text: string): unknown {
  if (textDepth(text) > MAX_JSON_DEPTH) throw new JsonTooDeep(`nested more than ${MAX_JSON_DEPTH} levels deep`);
  return JSON.parse(text);
}

/** Nesting depth of a parsed value, walked without recursion; stops counting past `limit`. */
export function valueDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

export function checkJsonDepth(value: unknown, what: string): void {
  if (valueDepth(value) > MAX_JSON_DEPTH) throw usageError(`${what} is nested more than ${MAX_JSON_DEPTH} levels deep`);
}
