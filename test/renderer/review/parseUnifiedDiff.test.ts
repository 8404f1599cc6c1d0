import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayPath, parseUnifiedDiff, unquotePath, type DiffFile } from '../../../src/renderer/src/review/parseUnifiedDiff';

let dir: string;
let diff: string;
let files: DiffFile[];

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'core.quotePath=true', ...args], {
    cwd: dir,
    encoding: 'utf8',
  });
const write = (name: string, content: string | Buffer) => writeFileSync(path.join(dir, name), content);
const byPath = (name: string) => files.find((file) => displayPath(file) === name)!;

/** A real repository with one commit of every kind of change the review shows, diffed by git itself. */
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wavelane-diff-'));
  git('init', '-q', '-b', 'main');
  write('changed.txt', 'one\ntwo\nthree\n-- a comment\nfour\n');
  write('gone.txt', 'bye\n');
  write('moved-before.txt', 'alpha\nbeta\ngamma\ndelta\nepsilon\nzeta\neta\n');
  write('tail.txt', 'last line\n');
  write('script.sh', 'echo hi\n');
  write('image.bin', Buffer.from([0, 1, 2, 3, 255, 0, 7]));
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  write('changed.txt', 'one\nTWO\nthree\n--- not a header\nfour\n');
  unlinkSync(path.join(dir, 'gone.txt'));
  write('added file ä.txt', 'new\nfile\n');
  unlinkSync(path.join(dir, 'moved-before.txt'));
  write('moved-after.txt', 'alpha\nbeta\ngamma\ndelta\nepsilon\nzeta\nETA\n');
  write('tail.txt', 'last line');
  chmodSync(path.join(dir, 'script.sh'), 0o755);
  write('image.bin', Buffer.from([0, 9, 9, 9, 255, 0, 7]));
  git('add', '-A');
  git('commit', '-q', '-m', 'task');
  diff = git('diff', '-M', 'HEAD~1', 'HEAD');
  files = parseUnifiedDiff(diff);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseUnifiedDiff on what git diff prints', () => {
  it('finds every file with its status', () => {
    const summary = files.map((file) => [displayPath(file), file.status]).sort();
    expect(summary).toEqual([
      ['added file ä.txt', 'added'],
      ['changed.txt', 'modified'],
      ['gone.txt', 'deleted'],
      ['image.bin', 'modified'],
      ['moved-after.txt', 'renamed'],
      ['script.sh', 'modified'],
      ['tail.txt', 'modified'],
    ]);
  });

  it('numbers the lines of a hunk on both sides, and a content line starting with --- stays content', () => {
    const file = byPath('changed.txt');
    expect(file.hunks).toHaveLength(1);
    const lines = file.hunks[0]!.lines.map((line) => [line.kind, line.oldNo, line.newNo, line.text]);
    expect(lines).toEqual([
      ['context', 1, 1, 'one'],
      ['del', 2, null, 'two'],
      ['add', null, 2, 'TWO'],
      ['context', 3, 3, 'three'],
      ['del', 4, null, '-- a comment'],
      ['add', null, 4, '--- not a header'],
      ['context', 5, 5, 'four'],
    ]);
    expect([file.additions, file.deletions]).toEqual([2, 2]);
  });

  it('reads added, deleted and renamed files with their paths (quoted ones unquoted)', () => {
    expect(byPath('added file ä.txt')).toMatchObject({ oldPath: null, newPath: 'added file ä.txt', additions: 2, deletions: 0, newMode: '100644' });
    expect(byPath('gone.txt')).toMatchObject({ oldPath: 'gone.txt', newPath: null, deletions: 1 });
    expect(byPath('moved-after.txt')).toMatchObject({ oldPath: 'moved-before.txt', newPath: 'moved-after.txt', additions: 1, deletions: 1 });
  });

  it('marks binary files and mode changes', () => {
    expect(byPath('image.bin')).toMatchObject({ binary: true, hunks: [] });
    expect(byPath('script.sh')).toMatchObject({ oldMode: '100644', newMode: '100755', hunks: [] });
  });

  it('notes a missing final line break on the line it belongs to', () => {
    const lines = byPath('tail.txt').hunks[0]!.lines;
    expect(lines.map((line) => [line.kind, line.text, line.noNewline ?? false])).toEqual([
      ['del', 'last line', false],
      ['add', 'last line', true],
    ]);
  });

  it('parses a diff cut off in the middle of a hunk up to where it stops', () => {
    const cut = diff.slice(0, diff.indexOf('+--- not a header'));
    const parsed = parseUnifiedDiff(cut);
    const changed = parsed.find((file) => displayPath(file) === 'changed.txt')!;
    expect(changed.hunks[0]!.lines.at(-1)).toMatchObject({ kind: 'del', text: '-- a comment' });
  });

  it('reads a hunk header without counts and with a section name', () => {
    const [file] = parseUnifiedDiff('diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -3 +3 @@ function main() {\n-a\n+b\n');
    expect(file!.hunks[0]).toMatchObject({ oldStart: 3, oldLines: 1, newStart: 3, newLines: 1, section: 'function main() {' });
  });

  it('returns nothing for an empty diff', () => {
    expect(parseUnifiedDiff('')).toEqual([]);
  });
});

describe('unquotePath', () => {
  it('decodes C escapes and octal UTF-8 bytes', () => {
    expect(unquotePath('"a/sp\\303\\244ce\\ttab\\"q"')).toBe('a/späce\ttab"q');
    expect(unquotePath('plain.txt')).toBe('plain.txt');
  });
});
