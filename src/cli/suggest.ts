// "Did you mean": the closest known name within a small edit distance.
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

export function closest(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    // A typed prefix (`--page` for `--page-size`) counts as close, but a real typo closer still.
    const d = Math.min(distance(name, candidate), candidate.startsWith(name) ? 1.5 : Infinity);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}
