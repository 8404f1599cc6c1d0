import { err, ok, type Result } from '../../../shared/result';

/**
 * Conflict markers as git writes them (`<<<<<<< a`, optional `||||||| base`, `=======`, `>>>>>>> b`, seven
 * characters each: git's default `conflict-marker-size`). The first side of a hunk is called "ours" here:
 * in the results openConflict proposes that is the target, in the task's worktree (an agent's merge) it is
 * the task. A lone `=======` is NOT a marker: Markdown headings are underlined that way.
 */
const START = /^<{7}(?: |$)/;
const BASE = /^\|{7}(?: |$)/;
const SEPARATOR = /^={7}$/;
const END = /^>{7}(?: |$)/;

export type HunkChoice = 'ours' | 'theirs' | 'both';

export type ConflictSegment =
  | { kind: 'text'; text: string }
  | {
      kind: 'hunk';
      /** 1-based line of the `<<<<<<<` marker. */
      line: number;
      ours: string;
      /** The `|||||||` section (diff3 style), or null in git's default style. */
      base: string | null;
      theirs: string;
      /** The hunk exactly as written, markers included. */
      raw: string;
    };

/** A line without its terminator (`\n` or `\r\n`), for matching markers in CRLF files too. */
function bare(line: string): string {
  return line.replace(/\r?\n$/, '');
}

function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Splits a text into plain text and complete conflict hunks. An unterminated hunk (markers cut off, a
 * hand edit gone wrong) stays plain text, so `findMarker` still points at it.
 */
export function parseConflicts(text: string): ConflictSegment[] {
  const lines = splitLines(text);
  const segments: ConflictSegment[] = [];
  let plain = '';
  let i = 0;
  while (i < lines.length) {
    const hunk = START.test(bare(lines[i]!)) ? readHunk(lines, i) : null;
    if (!hunk) {
      plain += lines[i]!;
      i += 1;
      continue;
    }
    if (plain) segments.push({ kind: 'text', text: plain });
    plain = '';
    segments.push(hunk.segment);
    i = hunk.next;
  }
  if (plain) segments.push({ kind: 'text', text: plain });
  return segments;
}

function readHunk(lines: string[], start: number): { segment: ConflictSegment; next: number } | null {
  const sections: { ours: string; base: string | null; theirs: string } = { ours: '', base: null, theirs: '' };
  let part: 'ours' | 'base' | 'theirs' = 'ours';
  for (let i = start + 1; i < lines.length; i++) {
    const line = bare(lines[i]!);
    if (START.test(line)) return null; // a new hunk before this one ended: not a well-formed hunk
    if (part === 'ours' && BASE.test(line)) {
      part = 'base';
      sections.base = '';
    } else if (part !== 'theirs' && SEPARATOR.test(line)) {
      part = 'theirs';
    } else if (part === 'theirs' && END.test(line)) {
      const raw = lines.slice(start, i + 1).join('');
      return { segment: { kind: 'hunk', line: start + 1, ...sections, raw }, next: i + 1 };
    } else if (part === 'base') {
      sections.base += lines[i]!;
    } else {
      sections[part] += lines[i]!;
    }
  }
  return null;
}

/** Complete conflict hunks in a text. */
export function countHunks(text: string): number {
  return parseConflicts(text).filter((segment) => segment.kind === 'hunk').length;
}

/**
 * The first line that looks like a conflict marker (start, base or end marker), or null. Marker-like
 * lines listed in `allowed` (those already present in one side's own version, such as a test fixture
 * about merge conflicts) do not count.
 */
export function findMarker(text: string, allowed: ReadonlySet<string> = new Set()): { line: number; text: string } | null {
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const line = bare(lines[i]!);
    if ((START.test(line) || BASE.test(line) || END.test(line)) && !allowed.has(line)) return { line: i + 1, text: line };
  }
  return null;
}

export function hasMarkers(text: string, allowed?: ReadonlySet<string>): boolean {
  return findMarker(text, allowed) !== null;
}

/** The marker-like lines a file's own version holds (see `findMarker`'s `allowed`). */
export function markerLinesOf(...texts: Array<string | null | undefined>): Set<string> {
  const found = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const raw of splitLines(text)) {
      const line = bare(raw);
      if (START.test(line) || BASE.test(line) || END.test(line)) found.add(line);
    }
  }
  return found;
}

export type ApplyHunkError = 'NO_SUCH_HUNK';

/** Replaces hunk `index` (0-based, in order of appearance) by its first side, its second side, or both in that order. */
export function applyHunk(text: string, index: number, choice: HunkChoice): Result<string, ApplyHunkError> {
  const segments = parseConflicts(text);
  let seen = -1;
  let found = false;
  const out = segments.map((segment) => {
    if (segment.kind === 'text') return segment.text;
    seen += 1;
    if (seen !== index) return segment.raw;
    found = true;
    if (choice === 'ours') return segment.ours;
    if (choice === 'theirs') return segment.theirs;
    return segment.ours + segment.theirs;
  });
  if (!found) return err('NO_SUCH_HUNK', `There is no conflict hunk ${index + 1}; the text has ${seen + 1}.`);
  return ok(out.join(''));
}
