/**
 * Conflict hunks in a merged text, as git writes them:
 *
 *     <<<<<<< ours-label
 *     ours lines
 *     ||||||| base-label      (diff3 / zdiff3 only)
 *     base lines
 *     =======
 *     theirs lines
 *     >>>>>>> theirs-label
 *
 * Offsets are UTF-16 indices into the text (what CodeMirror uses), so a hunk can be replaced in the
 * editor as one undoable change. Line endings (LF or CRLF) are kept as they are.
 */

/** Git's default `conflict-marker-size`. */
export const MARKER_SIZE = 7;

export type HunkChoice = 'ours' | 'theirs' | 'both';

/** A half-open range of offsets in the text. */
export interface Span {
  from: number;
  to: number;
}

export interface ConflictHunk {
  /** 0-based, in text order. */
  index: number;
  /** From the start of the `<<<<<<<` line to the end of the `>>>>>>>` line (its line break included). */
  from: number;
  to: number;
  /** 1-based line numbers of the opening and closing markers. */
  startLine: number;
  endLine: number;
  /** What git wrote after the markers (usually the branch names), '' when nothing. */
  oursLabel: string;
  baseLabel: string | null;
  theirsLabel: string;
  /** Each side's lines, line breaks included. `base` is null without a `|||||||` section. */
  ours: string;
  base: string | null;
  theirs: string;
  /** Where each section's content and each marker line sit, for highlighting. */
  oursSpan: Span;
  baseSpan: Span | null;
  theirsSpan: Span;
  markerSpans: Span[];
}

interface Line {
  /** The line without its line break. */
  text: string;
  from: number;
  /** Offset after the line break (or the end of the text). */
  to: number;
  number: number;
}

function* lines(text: string): Generator<Line> {
  let from = 0;
  let number = 1;
  while (from < text.length) {
    const newline = text.indexOf('\n', from);
    const end = newline === -1 ? text.length : newline + 1;
    let content = text.slice(from, newline === -1 ? text.length : newline);
    if (content.endsWith('\r')) content = content.slice(0, -1);
    yield { text: content, from, to: end, number };
    from = end;
    number += 1;
  }
}

type MarkerKind = 'open' | 'base' | 'separator' | 'close';

const MARKER_CHARS: Record<string, MarkerKind> = { '<': 'open', '|': 'base', '>': 'close' };

/** The marker a line is, with what follows it; a marker is exactly `size` characters, then a space or the end. */
function markerOf(line: string, size: number): { kind: MarkerKind; label: string } | null {
  // Git writes the separator alone on its line.
  if (line === '='.repeat(size)) return { kind: 'separator', label: '' };
  const first = line.charAt(0);
  const kind = MARKER_CHARS[first];
  if (kind === undefined || line.slice(0, size) !== first.repeat(size)) return null;
  const rest = line.slice(size);
  if (rest === '') return { kind, label: '' };
  return rest.startsWith(' ') ? { kind, label: rest.slice(1) } : null;
}

interface Open {
  line: Line;
  label: string;
  base: { line: Line; label: string } | null;
  separator: Line | null;
}

/**
 * Every complete hunk in `text`, in order. An opening marker without its separator and closing marker
 * is not a hunk (a later opening marker starts over), so a half-edited hunk stops counting only once
 * all its markers are gone or it is whole again.
 */
export function findHunks(text: string, size: number = MARKER_SIZE): ConflictHunk[] {
  const hunks: ConflictHunk[] = [];
  let open: Open | null = null;
  for (const line of lines(text)) {
    const marker = markerOf(line.text, size);
    if (marker === null) continue;
    if (marker.kind === 'open') {
      open = { line, label: marker.label, base: null, separator: null };
    } else if (open === null) {
      continue;
    } else if (marker.kind === 'base' && open.base === null && open.separator === null) {
      open.base = { line, label: marker.label };
    } else if (marker.kind === 'separator' && open.separator === null) {
      open.separator = line;
    } else if (marker.kind === 'close' && open.separator !== null) {
      hunks.push(toHunk(text, hunks.length, open, open.separator, line, marker.label));
      open = null;
    }
  }
  return hunks;
}

function toHunk(text: string, index: number, open: Open, separator: Line, close: Line, theirsLabel: string): ConflictHunk {
  const oursSpan = { from: open.line.to, to: open.base ? open.base.line.from : separator.from };
  const baseSpan = open.base ? { from: open.base.line.to, to: separator.from } : null;
  const theirsSpan = { from: separator.to, to: close.from };
  const markerSpans = [open.line, ...(open.base ? [open.base.line] : []), separator, close].map((line) => ({
    from: line.from,
    to: line.to,
  }));
  return {
    index,
    from: open.line.from,
    to: close.to,
    startLine: open.line.number,
    endLine: close.number,
    oursLabel: open.label,
    baseLabel: open.base ? open.base.label : null,
    theirsLabel,
    ours: text.slice(oursSpan.from, oursSpan.to),
    base: baseSpan ? text.slice(baseSpan.from, baseSpan.to) : null,
    theirs: text.slice(theirsSpan.from, theirsSpan.to),
    oursSpan,
    baseSpan,
    theirsSpan,
    markerSpans,
  };
}

export function countHunks(text: string, size: number = MARKER_SIZE): number {
  return findHunks(text, size).length;
}

/** The line break the closing marker ended with, so a choice keeps the file's line endings. */
function trailingBreak(text: string, hunk: ConflictHunk): string {
  const closing = text.slice(hunk.markerSpans[hunk.markerSpans.length - 1]!.from, hunk.to);
  if (closing.endsWith('\r\n')) return '\r\n';
  return closing.endsWith('\n') ? '\n' : '';
}

/**
 * What replaces the whole hunk (markers included) for a choice. Sections always end with a line break
 * (a marker follows them); when the closing marker was the last line without one, the chosen text
 * drops its final break too, so the file ends as the sides did.
 */
export function hunkReplacement(text: string, hunk: ConflictHunk, choice: HunkChoice): string {
  const chosen = choice === 'ours' ? hunk.ours : choice === 'theirs' ? hunk.theirs : hunk.ours + hunk.theirs;
  if (trailingBreak(text, hunk) !== '') return chosen;
  return chosen.replace(/\r?\n$/, '');
}

/** The text with hunk `index` replaced by the chosen side(s); the text unchanged when there is no such hunk. */
export function applyChoice(text: string, index: number, choice: HunkChoice, size: number = MARKER_SIZE): string {
  const hunk = findHunks(text, size)[index];
  if (!hunk) return text;
  return text.slice(0, hunk.from) + hunkReplacement(text, hunk, choice) + text.slice(hunk.to);
}

/**
 * 1-based numbers of lines that look like conflict markers and are not part of the file's own content
 * (a line that also appears verbatim in one of `sides`, e.g. a Markdown underline of seven `=`, is
 * content). "Mark resolved" stays disabled while any remain, whole hunks or stray halves of one.
 */
export function markerLines(text: string, sides: readonly (string | null)[] = [], size: number = MARKER_SIZE): number[] {
  const content = new Set<string>();
  for (const side of sides) {
    if (side === null) continue;
    for (const line of lines(side)) if (markerOf(line.text, size)) content.add(line.text);
  }
  const found: number[] = [];
  for (const line of lines(text)) {
    if (markerOf(line.text, size) && !content.has(line.text)) found.push(line.number);
  }
  return found;
}
