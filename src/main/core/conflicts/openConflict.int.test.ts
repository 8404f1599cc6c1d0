import { afterEach, describe, expect, it } from 'vitest';
import { openConflict } from './openConflict';
import { createConflictFixture, snapshotCheckout, type ConflictFixture } from './testing/conflictFixture';

describe('openConflict (real repositories, no checkout touched)', () => {
  let cf: ConflictFixture | undefined;
  afterEach(async () => {
    await cf?.cleanup();
    cf = undefined;
  });

  const open = (c: ConflictFixture) => openConflict({ repo: c.fx.repo.dir, worktree: c.worktree, taskBranch: c.branch, target: 'main' });

  it('lists every kind with its three versions, the proposed result and its hunks', async () => {
    cf = await createConflictFixture({
      base: {
        'text.txt': 'a\nb\nc\n',
        'bin.dat': Buffer.from([0, 1, 2]),
        'mod-del.txt': 'keep\n',
        'del-mod.txt': 'keep\n',
        'ren.txt': 'one\ntwo\nthree\nfour\nfive\n',
        'latin1.txt': Buffer.from('caf\xe9\n', 'latin1'),
      },
      task: {
        'text.txt': 'a\nTASK\nc\n',
        'bin.dat': Buffer.from([0, 1, 4]),
        'mod-del.txt': null,
        'del-mod.txt': 'task changed\n',
        'added.txt': 'task\n',
        'ren.txt': { renameTo: 'renTask.txt' },
        'latin1.txt': Buffer.from('caf\xe9 task\n', 'latin1'),
      },
      target: [
        {
          'text.txt': 'a\nMAIN\nc\n',
          'bin.dat': Buffer.from([0, 1, 3]),
          'mod-del.txt': 'main changed\n',
          'del-mod.txt': null,
          'added.txt': 'main\n',
          'ren.txt': { renameTo: 'renMain.txt' },
          'latin1.txt': Buffer.from('caf\xe9 main\n', 'latin1'),
        },
      ],
    });
    const c = cf;
    const main = await snapshotCheckout(c.fx.repo.dir);
    const worktree = await snapshotCheckout(c.worktree);
    const opened = await open(c);
    if (!opened.ok) throw new Error(opened.error.message);
    const { files } = opened.value;
    const byPath = Object.fromEntries(files.map((file) => [file.path, file]));
    expect(Object.fromEntries(files.map((file) => [file.path, [file.kind, file.binary]]))).toEqual({
      'text.txt': ['text', false],
      'bin.dat': ['binary', true],
      'mod-del.txt': ['modify-delete', false],
      'del-mod.txt': ['modify-delete', false],
      'added.txt': ['add-add', false],
      'ren.txt': ['rename', false],
      'renMain.txt': ['rename', false],
      'renTask.txt': ['rename', false],
      // Not valid UTF-8: an edited result would corrupt it, so it is chosen whole.
      'latin1.txt': ['text', true],
    });
    expect(opened.value.oursCommit).toBe(await c.fx.repo.git('rev-parse', 'main'));
    expect(opened.value.theirsCommit).toBe(await c.fx.repo.git('rev-parse', c.branch));

    expect(byPath['text.txt']).toMatchObject({
      base: 'a\nb\nc\n',
      ours: 'a\nMAIN\nc\n',
      theirs: 'a\nTASK\nc\n',
      result: `a\n<<<<<<< main\nMAIN\n=======\nTASK\n>>>>>>> ${c.branch}\nc\n`,
      hunksLeft: 1,
      resolution: null,
      resolvedBy: null,
    });
    expect(byPath['bin.dat']).toMatchObject({ base: null, ours: null, theirs: null, result: null, hunksLeft: 1 });
    expect(byPath['mod-del.txt']).toMatchObject({ base: 'keep\n', ours: 'main changed\n', theirs: null, result: null, hunksLeft: 1 });
    expect(byPath['del-mod.txt']).toMatchObject({ base: 'keep\n', ours: null, theirs: 'task changed\n', result: null });
    expect(byPath['added.txt']).toMatchObject({
      base: null,
      result: `<<<<<<< main\nmain\n=======\ntask\n>>>>>>> ${c.branch}\n`,
      hunksLeft: 1,
    });
    expect(byPath['renMain.txt']).toMatchObject({ ours: 'one\ntwo\nthree\nfour\nfive\n', theirs: null, renamedFrom: 'ren.txt' });
    expect(byPath['renTask.txt']).toMatchObject({ ours: null, theirs: 'one\ntwo\nthree\nfour\nfive\n', renamedFrom: 'ren.txt' });
    expect(byPath['ren.txt']).toMatchObject({ base: 'one\ntwo\nthree\nfour\nfive\n', ours: null, theirs: null, renamedFrom: null });

    // Nothing moved: neither checkout, nor index, nor any ref.
    expect(await snapshotCheckout(c.fx.repo.dir)).toEqual(main);
    expect(await snapshotCheckout(c.worktree)).toEqual(worktree);
  });

  it('shows a file renamed on one side and changed on the other at its new path, with its base', async () => {
    cf = await createConflictFixture({
      base: { 'old.txt': 'r1\nr2\nr3\nr4\nr5\n' },
      task: { 'old.txt': 'r1\nTASK\nr3\nr4\nr5\n' },
      target: [{ 'old.txt': { renameTo: 'new.txt' } }, { 'new.txt': 'r1\nMAIN\nr3\nr4\nr5\n' }],
    });
    const opened = await open(cf);
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.files).toHaveLength(1);
    expect(opened.value.files[0]).toMatchObject({
      path: 'new.txt',
      kind: 'text',
      base: 'r1\nr2\nr3\nr4\nr5\n',
      ours: 'r1\nMAIN\nr3\nr4\nr5\n',
      theirs: 'r1\nTASK\nr3\nr4\nr5\n',
      hunksLeft: 1,
    });
  });

  it('honours the binary attribute of .gitattributes', async () => {
    cf = await createConflictFixture({
      base: { '.gitattributes': '*.lock binary\n', 'deps.lock': 'a\nb\n' },
      task: { 'deps.lock': 'a\nTASK\n' },
      target: [{ 'deps.lock': 'a\nMAIN\n' }],
    });
    const opened = await open(cf);
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.files).toMatchObject([{ path: 'deps.lock', binary: true, ours: null, theirs: null, result: null }]);
  });

  it('says NOT_A_CONFLICT for a clean merge and NOT_FOUND for a missing branch', async () => {
    cf = await createConflictFixture({ base: { 'a.txt': 'a\n', 'b.txt': 'b\n' }, task: { 'a.txt': 'A\n' }, target: [{ 'b.txt': 'B\n' }] });
    expect(await open(cf)).toMatchObject({ ok: false, error: { code: 'NOT_A_CONFLICT' } });
    const missing = await openConflict({ repo: cf.fx.repo.dir, worktree: cf.worktree, taskBranch: 'wavelane/nope', target: 'main' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', where: 'wavelane/nope' } });
    const noTarget = await openConflict({ repo: cf.fx.repo.dir, worktree: cf.worktree, taskBranch: cf.branch, target: 'release' });
    expect(noTarget).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', where: 'release' } });
  });
});
