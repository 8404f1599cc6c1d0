import { afterEach, describe, expect, it } from 'vitest';
import { createTempRepo, type TempRepo } from '../testing/tempRepo';
import { checkMerge, parseMergeTreeOutput } from './mergeTree';

/** Two branches `ours` and `theirs` off one base commit, each with its own changes (null deletes, {to} renames). */
type Change = string | Buffer | null | { renameTo: string };

describe('checkMerge (real git merge-tree)', () => {
  let repo: TempRepo | undefined;
  afterEach(async () => {
    await repo?.cleanup();
    repo = undefined;
  });

  async function branches(base: Record<string, string | Buffer>, ours: Record<string, Change>, theirs: Record<string, Change>) {
    repo = await createTempRepo({ files: base });
    const r = repo;
    const apply = async (changes: Record<string, Change>) => {
      for (const [file, change] of Object.entries(changes)) {
        if (change === null) await r.git('rm', '-q', '--', file);
        else if (typeof change === 'object' && !Buffer.isBuffer(change)) await r.git('mv', '--', file, change.renameTo);
        else await r.write(file, change);
      }
      await r.git('add', '-A');
      await r.git('commit', '-q', '-m', 'side');
    };
    await r.git('checkout', '-q', '-b', 'ours');
    await apply(ours);
    await r.git('checkout', '-q', '-b', 'theirs', 'main');
    await apply(theirs);
    await r.git('checkout', '-q', 'main');
    return r;
  }

  it('returns the merged tree of a clean merge, touching no checkout or index', async () => {
    const r = await branches({ 'a.txt': 'a\n', 'b.txt': 'b\n' }, { 'a.txt': 'A\n' }, { 'b.txt': 'B\n' });
    const indexBefore = await r.git('ls-files', '-s');
    const result = await checkMerge(r.dir, 'ours', 'theirs');
    expect(result.ok && result.value.kind).toBe('clean');
    if (!result.ok || result.value.kind !== 'clean') return;
    expect(await r.git('show', `${result.value.tree}:a.txt`)).toBe('A');
    expect(await r.git('show', `${result.value.tree}:b.txt`)).toBe('B');
    expect(await r.git('ls-files', '-s')).toBe(indexBefore);
    expect(await r.git('status', '--porcelain')).toBe('');
  });

  it('classifies text, binary, modify/delete, add/add and rename conflicts', async () => {
    const r = await branches(
      {
        'text.txt': 'a\nb\nc\n',
        'bin.dat': Buffer.from([0, 1, 2]),
        'del.txt': 'keep\n',
        'ren.txt': 'one\ntwo\nthree\nfour\nfive\n',
      },
      {
        'text.txt': 'a\nOURS\nc\n',
        'bin.dat': Buffer.from([0, 1, 3]),
        'del.txt': 'keep, modified\n',
        'added.txt': 'ours\n',
        'ren.txt': { renameTo: 'renA.txt' },
      },
      {
        'text.txt': 'a\nTHEIRS\nc\n',
        'bin.dat': Buffer.from([0, 1, 4]),
        'del.txt': null,
        'added.txt': 'theirs\n',
        'ren.txt': { renameTo: 'renB.txt' },
      },
    );
    const result = await checkMerge(r.dir, 'ours', 'theirs');
    expect(result.ok && result.value.kind).toBe('conflict');
    if (!result.ok || result.value.kind !== 'conflict') return;
    const kinds = Object.fromEntries(result.value.files.map((file) => [file.path, file.kind]));
    expect(kinds).toEqual({
      'text.txt': 'text',
      'bin.dat': 'binary',
      'del.txt': 'modify-delete',
      'added.txt': 'add-add',
      'ren.txt': 'rename',
      'renA.txt': 'rename',
      'renB.txt': 'rename',
    });
    const types = result.value.messages.map((m) => m.type);
    expect(types).toEqual(expect.arrayContaining(['CONFLICT (contents)', 'CONFLICT (binary)', 'CONFLICT (modify/delete)', 'CONFLICT (rename/rename)']));
    expect(types).not.toContain('Auto-merging');
  });

  it('keeps paths with spaces, tabs, newlines and non-ASCII intact', async () => {
    const odd = ['sp ace.txt', 'tab\there.txt', 'new\nline.txt', 'ü nicode.txt'];
    const base = Object.fromEntries(odd.map((file) => [file, 'x\ny\nz\n']));
    const r = await branches(
      base,
      Object.fromEntries(odd.map((file) => [file, 'x\nOURS\nz\n'])),
      Object.fromEntries(odd.map((file) => [file, 'x\nTHEIRS\nz\n'])),
    );
    const result = await checkMerge(r.dir, 'ours', 'theirs');
    if (!result.ok || result.value.kind !== 'conflict') throw new Error('expected a conflict');
    expect(result.value.files.map((file) => file.path).sort()).toEqual([...odd].sort());
    expect(new Set(result.value.files.map((file) => file.kind))).toEqual(new Set(['text']));
  });

  it('returns an error value (not a throw) when git cannot merge at all', async () => {
    repo = await createTempRepo();
    const result = await checkMerge(repo.dir, 'main', 'no-such-branch');
    expect(result).toMatchObject({ ok: false, error: { code: 'MERGE_CHECK_FAILED' } });
  });
});

describe('parseMergeTreeOutput', () => {
  it('reads stages and messages, and stops at a malformed record instead of misreading it', () => {
    const out = [
      'treeoid',
      '100644 aaa 1\tf.txt',
      '100644 bbb 2\tf.txt',
      '',
      '1',
      'f.txt',
      'CONFLICT (modify/delete)',
      'CONFLICT (modify/delete): f.txt deleted in theirs and modified in ours.\n',
      'garbage',
      '',
    ].join('\0');
    const parsed = parseMergeTreeOutput(out);
    expect(parsed.tree).toBe('treeoid');
    expect([...parsed.stages.get('f.txt')!].sort()).toEqual([1, 2]);
    expect(parsed.messages).toEqual([
      { paths: ['f.txt'], type: 'CONFLICT (modify/delete)', message: 'CONFLICT (modify/delete): f.txt deleted in theirs and modified in ours.' },
    ]);
  });
});
