/** Structural equality of JSON values (snapshots arrive as parsed JSON, so no cycles, dates or maps). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  const aKeys = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const bKeys = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/**
 * Entities by id from a list, reusing the previous object of every entity that did not change (and
 * the previous record when none did), so a card re-renders only when its own task changed.
 */
export function byIdShared<T extends { id: string }>(
  previous: Readonly<Record<string, T>>,
  list: readonly T[],
): Record<string, T> {
  const next: Record<string, T> = {};
  let changed = Object.keys(previous).length !== list.length;
  for (const item of list) {
    const before = previous[item.id];
    if (before !== undefined && sameJson(before, item)) next[item.id] = before;
    else {
      next[item.id] = item;
      changed = true;
    }
  }
  return changed ? next : (previous as Record<string, T>);
}

/** The previous value when structurally equal, so selectors keep their reference. */
export function shareIfSame<T>(previous: T, next: T): T {
  return sameJson(previous, next) ? previous : next;
}
