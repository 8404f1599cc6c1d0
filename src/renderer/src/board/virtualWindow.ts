/**
 * The arithmetic of a windowed list with items of varying height: prefix offsets, and which items
 * intersect the viewport (plus overscan). Pure, so the component stays small and this stays tested.
 */

/** offsets[i] is the top of item i; offsets[n] is the total height. */
export function prefixOffsets(count: number, heightOf: (index: number) => number): number[] {
  const offsets = new Array<number>(count + 1);
  offsets[0] = 0;
  for (let i = 0; i < count; i++) offsets[i + 1] = (offsets[i] ?? 0) + heightOf(i);
  return offsets;
}

/** The last index whose top is at or above `y` (binary search over the sorted offsets). */
function indexAt(offsets: readonly number[], y: number): number {
  let low = 0;
  let high = offsets.length - 2;
  if (high < 0) return 0;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((offsets[middle] ?? 0) <= y) low = middle;
    else high = middle - 1;
  }
  return low;
}

export interface ListWindow {
  /** First item rendered. */
  start: number;
  /** One past the last item rendered. */
  end: number;
  /** Space above the first rendered item and below the last, so the scrollbar stays true. */
  padTop: number;
  padBottom: number;
}

export function computeWindow(
  offsets: readonly number[],
  scrollTop: number,
  viewportHeight: number,
  overscan: number,
): ListWindow {
  const count = offsets.length - 1;
  const total = offsets[count] ?? 0;
  if (count <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const top = Math.max(0, Math.min(scrollTop, total));
  const first = indexAt(offsets, top);
  const last = indexAt(offsets, Math.max(top, top + viewportHeight - 1));
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, last + 1 + overscan);
  return { start, end, padTop: offsets[start] ?? 0, padBottom: total - (offsets[end] ?? total) };
}
