// Suggests the known field an operator most likely meant, so "kubelete" answers "did you mean kubelet?".

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

/** The candidate closest to `word` (case-insensitive), or undefined when none is close enough to help. */
export function nearestName(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (bestDistance <= Math.max(1, Math.floor(lower.length / 3))) return best;
  // A clipped word ("Always" for "AlwaysAllow") is far by edits but obvious to a reader.
  return lower.length >= 3 ? candidates.find((c) => c.toLowerCase().startsWith(lower)) : undefined;
}
