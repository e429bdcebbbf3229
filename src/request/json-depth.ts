// JSON.parse accepts any nesting, but JSON.stringify and every recursive walk after it
// overflow the stack a few thousand levels down: refuse such values before anything is sent.
import { usageError } from '../errors';

export const MAX_JSON_DEPTH = 512;

/** Nesting depth of a parsed JSON value, walked without recursion; stops counting past `limit`. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
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
  if (jsonDepth(value) > MAX_JSON_DEPTH) throw usageError(`${what} is nested more than ${MAX_JSON_DEPTH} levels deep`);
}
