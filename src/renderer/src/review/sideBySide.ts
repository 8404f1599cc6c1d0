import type { DiffHunk, DiffLine } from './parseUnifiedDiff';

export interface SideCell {
  no: number;
  text: string;
  kind: DiffLine['kind'];
}

/** One row of the side-by-side view: the old line on the left, the new one on the right, either may be missing. */
export interface SideRow {
  left: SideCell | null;
  right: SideCell | null;
}

/**
 * A hunk's lines as side-by-side rows: context on both sides; a run of deletions and the additions that
 * follow it are paired row by row (a rewritten line reads across), and the longer run continues alone.
 */
export function sideBySide(hunk: DiffHunk): SideRow[] {
  const rows: SideRow[] = [];
  let dels: DiffLine[] = [];
  let adds: DiffLine[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(dels.length, adds.length); i += 1) {
      const del = dels[i];
      const add = adds[i];
      rows.push({
        left: del ? { no: del.oldNo ?? 0, text: del.text, kind: 'del' } : null,
        right: add ? { no: add.newNo ?? 0, text: add.text, kind: 'add' } : null,
      });
    }
    dels = [];
    adds = [];
  };
  for (const line of hunk.lines) {
    if (line.kind === 'del') {
      // A deletion after additions starts a new run.
      if (adds.length > 0) flush();
      dels.push(line);
    } else if (line.kind === 'add') {
      adds.push(line);
    } else {
      flush();
      rows.push({ left: { no: line.oldNo ?? 0, text: line.text, kind: 'context' }, right: { no: line.newNo ?? 0, text: line.text, kind: 'context' } });
    }
  }
  flush();
  return rows;
}
