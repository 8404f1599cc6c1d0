import { Chunk } from '@codemirror/merge';
import { Text } from '@codemirror/state';

/** Splits as CodeMirror does by default, so line numbers match the panes. */
export function toText(content: string): Text {
  return Text.of(content.split(/\r\n|\r|\n/));
}

export interface ChangedLines {
  /** 1-based lines of `from` that the change replaced or removed. */
  from: number[];
  /** 1-based lines of `to` that the change added or rewrote. */
  to: number[];
}

function linesOf(doc: Text, start: number, end: number, empty: boolean, into: Set<number>): void {
  // An empty text has no line to point at, only the one CodeMirror shows.
  if (empty || doc.length === 0) return;
  const first = doc.lineAt(start).number;
  const last = doc.lineAt(Math.max(start, Math.min(end, doc.length))).number;
  for (let line = first; line <= last; line += 1) into.add(line);
}

/**
 * The lines a side changed relative to the base, for tinting the Base, Ours and Theirs panes: what
 * landed on the target meanwhile, and what the task did.
 */
export function changedLines(from: string, to: string): ChangedLines {
  const a = toText(from);
  const b = toText(to);
  const fromLines = new Set<number>();
  const toLines = new Set<number>();
  for (const chunk of Chunk.build(a, b)) {
    linesOf(a, chunk.fromA, chunk.endA, chunk.fromA === chunk.toA, fromLines);
    linesOf(b, chunk.fromB, chunk.endB, chunk.fromB === chunk.toB, toLines);
  }
  const sorted = (set: Set<number>) => [...set].sort((x, y) => x - y);
  return { from: sorted(fromLines), to: sorted(toLines) };
}
