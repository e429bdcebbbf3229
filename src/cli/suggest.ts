// "Did you mean": ranks by words first (every typed word a prefix of, or one typo away from,
// a word of the candidate), then by words of the context (the surface), then by fewest extra
// words, then by edit distance. So `users list` finds `list-users`, not `list-user-custom-data`.
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

const wordsOf = (name: string) => name.toLowerCase().split(/[-_:\s]+/).filter(Boolean);
const typoAway = (typed: string, word: string) => typed.length >= 3 && distance(typed, word) <= Math.max(1, Math.floor(typed.length / 4));
const matches = (typed: string, word: string) => word.startsWith(typed) || typoAway(typed, word);
/** Singular and plural of a context word both count (`users` helps `list-user-roles`). */
const related = (context: string, word: string) => context.startsWith(word) || word.startsWith(context);

interface Ranked {
  candidate: string;
  key: number[];
}

/**
 * The best candidate for `typed`, or undefined when none is close. `context` holds words
 * that surround the typed one (the surface name for a command).
 */
export function closest(typed: string, candidates: string[], context: string[] = []): string | undefined {
  const typedWords = wordsOf(typed);
  const contextWords = context.flatMap(wordsOf);
  const whole = typed.toLowerCase();
  let best: Ranked | undefined;
  for (const candidate of candidates) {
    const words = wordsOf(candidate);
    const matched = typedWords.filter((one) => words.some((word) => matches(one, word))).length;
    const near = distance(whole, candidate.toLowerCase());
    const closeWhole = near <= Math.max(2, Math.floor(whole.length / 3));
    if (matched * 2 < typedWords.length + (typedWords.length > 1 ? 1 : 0) && !closeWhole) continue;
    if (matched === 0 && !closeWhole) continue;
    const contextual = contextWords.filter((one) => words.some((word) => related(one, word))).length;
    const extra = words.length - matched - contextual;
    // Lower is better, compared left to right.
    const key = [typedWords.length - matched, -contextual, Math.max(0, extra), near];
    if (!best || compare(key, best.key) < 0) best = { candidate, key };
  }
  return best?.candidate;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
