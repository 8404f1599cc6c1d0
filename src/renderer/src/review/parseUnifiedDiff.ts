/**
 * `git diff` output (unified format, with git's extended headers) as files, hunks and numbered lines,
 * for the review's unified and side-by-side views. Tolerant: a diff cut off mid-hunk (the core caps it)
 * parses up to where it stops; lines it does not understand are skipped, never thrown on.
 */

export type DiffLineKind = 'context' | 'add' | 'del';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** 1-based line numbers in the old and new file; null on the side the line is not in. */
  oldNo: number | null;
  newNo: number | null;
  /** The line had no line break at the end of its file (`\ No newline at end of file`). */
  noNewline?: boolean;
}

export interface DiffHunk {
  header: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** The function or section git names after the second `@@`, '' when none. */
  section: string;
  lines: DiffLine[];
}

export type DiffFileStatus = 'added' | 'deleted' | 'modified' | 'renamed';

export interface DiffFile {
  /** Null for an added file. */
  oldPath: string | null;
  /** Null for a deleted file. */
  newPath: string | null;
  status: DiffFileStatus;
  binary: boolean;
  /** `old mode 100644` / `new mode 100755`, when the mode changed. */
  oldMode: string | null;
  newMode: string | null;
  hunks: DiffHunk[];
  additions: number;
  deletions: number;
}

/** The path to show for a file: the new one, or the old one of a deleted file. */
export function displayPath(file: DiffFile): string {
  return file.newPath ?? file.oldPath ?? '';
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', r: '\r', v: '\v' };

/** A path as git quotes it when it has special characters: C escapes, octal bytes of UTF-8. */
export function unquotePath(raw: string): string {
  if (!raw.startsWith('"') || !raw.endsWith('"') || raw.length < 2) return raw;
  const bytes: number[] = [];
  const body = raw.slice(1, -1);
  const encoder = new TextEncoder();
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i]!;
    if (char !== '\\') {
      bytes.push(...encoder.encode(char));
      continue;
    }
    const next = body[i + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(...encoder.encode(ESCAPES[next] ?? next));
      i += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** Strips git's `a/` or `b/` prefix; `/dev/null` is no file. */
function stripPrefix(path: string): string | null {
  const unquoted = unquotePath(path.replace(/\t.*$/, ''));
  if (unquoted === '/dev/null') return null;
  return unquoted.replace(/^[ab]\//, '');
}

/** The two paths of a `diff --git a/X b/Y` line, which is ambiguous with spaces: equal names are tried first. */
function gitLinePaths(rest: string): { old: string; new: string } | null {
  if (rest.startsWith('"')) {
    const quoted = /^("(?:[^"\\]|\\.)*")\s+(.+)$/.exec(rest);
    if (!quoted) return null;
    return { old: stripPrefix(quoted[1]!) ?? '', new: stripPrefix(quoted[2]!) ?? '' };
  }
  if ((rest.length - 1) % 2 === 0) {
    const half = (rest.length - 1) / 2;
    const a = rest.slice(0, half);
    const b = rest.slice(half + 1);
    if (a.startsWith('a/') && b.startsWith('b/') && a.slice(2) === b.slice(2)) return { old: a.slice(2), new: b.slice(2) };
  }
  const split = rest.indexOf(' b/');
  if (split < 0) return null;
  return { old: stripPrefix(rest.slice(0, split)) ?? '', new: stripPrefix(rest.slice(split + 1)) ?? '' };
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

function newFile(): DiffFile {
  return { oldPath: null, newPath: null, status: 'modified', binary: false, oldMode: null, newMode: null, hunks: [], additions: 0, deletions: 0 };
}

export function parseUnifiedDiff(diff: string): DiffFile[] {
  const files: DiffFile[] = [];
  let file: DiffFile | null = null;
  let hunk: DiffHunk | null = null;
  let oldNo = 0;
  let newNo = 0;
  // Lines still expected in the current hunk, so a `--- ` or `+++ ` content line is not taken for a header.
  let oldLeft = 0;
  let newLeft = 0;

  const lines = diff.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (hunk && file && (oldLeft > 0 || newLeft > 0)) {
      const mark = line.charAt(0);
      if (mark === ' ' || (line === '' && oldLeft > 0 && newLeft > 0)) {
        hunk.lines.push({ kind: 'context', text: line.slice(1), oldNo: oldNo++, newNo: newNo++ });
        oldLeft -= 1;
        newLeft -= 1;
        continue;
      }
      if (mark === '-' && oldLeft > 0) {
        hunk.lines.push({ kind: 'del', text: line.slice(1), oldNo: oldNo++, newNo: null });
        file.deletions += 1;
        oldLeft -= 1;
        continue;
      }
      if (mark === '+' && newLeft > 0) {
        hunk.lines.push({ kind: 'add', text: line.slice(1), oldNo: null, newNo: newNo++ });
        file.additions += 1;
        newLeft -= 1;
        continue;
      }
    }
    if (line.startsWith('\\')) {
      const last = hunk?.lines[hunk.lines.length - 1];
      if (last) last.noNewline = true;
      continue;
    }
    if (line.startsWith('diff --git ')) {
      file = newFile();
      hunk = null;
      oldLeft = newLeft = 0;
      const paths = gitLinePaths(line.slice('diff --git '.length));
      if (paths) {
        file.oldPath = paths.old;
        file.newPath = paths.new;
      }
      files.push(file);
      continue;
    }
    if (!file) continue;
    const header = HUNK_HEADER.exec(line);
    if (header) {
      hunk = {
        header: line,
        oldStart: Number(header[1]),
        oldLines: header[2] === undefined ? 1 : Number(header[2]),
        newStart: Number(header[3]),
        newLines: header[4] === undefined ? 1 : Number(header[4]),
        section: header[5] ?? '',
        lines: [],
      };
      file.hunks.push(hunk);
      oldNo = hunk.oldStart;
      newNo = hunk.newStart;
      oldLeft = hunk.oldLines;
      newLeft = hunk.newLines;
      continue;
    }
    if (line.startsWith('new file mode ')) {
      file.status = 'added';
      file.oldPath = null;
      file.newMode = line.slice('new file mode '.length);
    } else if (line.startsWith('deleted file mode ')) {
      file.status = 'deleted';
      file.newPath = null;
      file.oldMode = line.slice('deleted file mode '.length);
    } else if (line.startsWith('old mode ')) {
      file.oldMode = line.slice('old mode '.length);
    } else if (line.startsWith('new mode ')) {
      file.newMode = line.slice('new mode '.length);
    } else if (line.startsWith('rename from ')) {
      file.status = 'renamed';
      file.oldPath = unquotePath(line.slice('rename from '.length));
    } else if (line.startsWith('rename to ')) {
      file.status = 'renamed';
      file.newPath = unquotePath(line.slice('rename to '.length));
    } else if (line.startsWith('--- ')) {
      if (file.status !== 'added') file.oldPath = stripPrefix(line.slice(4)) ?? file.oldPath;
    } else if (line.startsWith('+++ ')) {
      if (file.status !== 'deleted') file.newPath = stripPrefix(line.slice(4)) ?? file.newPath;
    } else if (line.startsWith('Binary files ') || line === 'GIT binary patch') {
      file.binary = true;
    }
  }
  return files;
}
