// "Did you mean": the known name nearest to a misspelt one, for warnings and errors about keys.

/** Edit distance (insertions, deletions, substitutions, and swaps of two neighbours: "titel"),
 * case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[x.length]![y.length]!;
}

/** The known name closest to `name`, when it is close enough to be a typo (a third of its
 * letters at most); null otherwise. */
export function nearestName(name: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance > 0 && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : null;
}

/** A hint naming the nearest known name, or listing them all. */
export function suggestion(name: string, known: readonly string[], what: string): string {
  const nearest = nearestName(name, known);
  return nearest ? `did you mean "${nearest}"?` : `known ${what}: ${known.join(', ')}`;
}
