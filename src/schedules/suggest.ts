/** "Did you mean" for unknown names: the closest candidate by edit distance (case-insensitive), if close enough. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const target = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = editDistance(target, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  const allowed = Math.max(2, Math.floor(name.length / 3));
  if (bestDistance <= allowed) return best;
  // A truncated or misremembered ending ('triangle' for 'triangular', 'Cosine' for 'CosineAnnealingLR'):
  // the candidate sharing the longest start, if that covers most of what was typed.
  let bestPrefix = 0;
  let byPrefix: string | undefined;
  for (const candidate of candidates) {
    const shared = commonPrefixLength(target, candidate.toLowerCase());
    if (shared > bestPrefix) {
      bestPrefix = shared;
      byPrefix = candidate;
    }
  }
  return bestPrefix >= Math.max(3, Math.ceil(target.length * 0.6)) ? byPrefix : undefined;
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export function didYouMean(name: string, candidates: readonly string[]): string {
  const guess = closest(name, candidates);
  return guess === undefined ? '' : ` Did you mean '${guess}'?`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
