/** Edits a typo may be away from the intended word (`fils` → `files`, `login-apy` → `login-api`). */
const MAX_DISTANCE = 2;
/** Above this many candidates a hint costs more than it helps (each is an edit-distance computation). */
const MAX_CANDIDATES = 5000;

export type Candidates = readonly string[] | ReadonlySet<string>;

/**
 * The candidate a mistyped word most likely meant, for "did you mean" hints; undefined when none is
 * close. A difference in case only counts as one edit.
 */
export function closestMatch(word: string, candidates: Candidates): string | undefined {
  if (('size' in candidates ? candidates.size : candidates.length) > MAX_CANDIDATES) return undefined;
  let best: string | undefined;
  let bestDistance = MAX_DISTANCE + 1;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = candidate.toLowerCase() === word.toLowerCase() ? 1 : editDistance(word, candidate, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Every two-letter word is two edits from every other: suggest only what is closer than a rewrite.
  return best !== undefined && bestDistance < Math.max(word.length, 2) ? best : undefined;
}

/** ` (did you mean "files"?)` for a near miss, `''` otherwise: ready to append to a message. */
export function didYouMean(word: string, candidates: Candidates): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}

/** Levenshtein distance, giving up (returning `limit`) as soon as it cannot end below `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return Math.min(previous[b.length] ?? limit, limit);
}
