/** Close matches for a mistyped identifier, best first. */
export function closeMatches(wanted: string, candidates: Iterable<string>, limit = 5): string[] {
  const target = wanted.toUpperCase();
  const scored: { id: string; score: number }[] = [];
  for (const id of candidates) {
    const upper = id.toUpperCase();
    const distance = editDistance(target, upper);
    if (target.length > 0 && upper.startsWith(target)) scored.push({ id, score: 0.5 });
    else if (distance <= Math.max(1, Math.floor(target.length / 3))) scored.push({ id, score: distance });
    else if (target.length > 1 && upper.includes(target)) scored.push({ id, score: 1.5 });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id, 'en', { numeric: true }))
    .slice(0, limit)
    .map((s) => s.id);
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
