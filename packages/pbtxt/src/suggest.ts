// "Did you mean" hints for unknown field and enum names.

/** Candidates close to `input` (edit distance, ignoring case), best first, at most `max`. */
export function closeMatches(input: string, candidates: readonly string[], max = 3): string[] {
  const needle = input.toLowerCase();
  // Allow roughly one typo per three characters, but at least two.
  const budget = Math.max(2, Math.floor(needle.length / 3));
  return candidates
    .map((name) => ({ name, d: distance(needle, name.toLowerCase()) }))
    .filter(({ name, d }) => d <= budget || name.toLowerCase().includes(needle))
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, max)
    .map(({ name }) => name);
}

/** A hint sentence: close matches if any, otherwise the full list so the user can pick. */
export function hint(input: string, candidates: readonly string[], noun: string): string {
  const close = closeMatches(input, candidates);
  if (close.length > 0) return `did you mean ${close.map((c) => `"${c}"`).join(' or ')}?`;
  return `valid ${noun}: ${candidates.join(', ')}`;
}

/** Levenshtein distance with a single rolling row. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}
