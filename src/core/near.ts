/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** Lower case, with `_`, `-` and spaces taken out: `imagePullPolicy` and `image_pull_policy` meet. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, '');
}

/**
 * The candidates close enough to `name` to be what was meant, nearest first, at most `limit` of
 * them. Close means: the same once case, `_` and `-` are ignored (`imagePullPolicy` for
 * `image_pull_policy`); one a prefix of the other, of at least 4 characters and 60% of the other's
 * length (`working_directory` for `working_dir`, but not `image` for `image_pull_policy`); or an edit distance of at most max(2, length / 4) between the normalised
 * names.
 */
export function closeMatches(name: string, candidates: readonly string[], limit = 3): string[] {
  const n = normalise(name);
  const threshold = Math.max(2, Math.floor(n.length / 4));
  const distance = (candidate: string): number => {
    const c = normalise(candidate);
    if (c === n) return 0;
    const [shorter, longer] = c.length < n.length ? [c, n] : [n, c];
    if (shorter.length >= 4 && shorter.length >= 0.6 * longer.length && longer.startsWith(shorter)) return 1;
    return editDistance(c, n);
  };
  return candidates
    .map((c) => ({ c, d: distance(c) }))
    .filter((x) => x.d <= threshold)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, limit)
    .map((x) => x.c);
}
