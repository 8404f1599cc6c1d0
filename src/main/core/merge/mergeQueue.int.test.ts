import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MergeQueue, type MergeOutcome, type MergeProgress, type MergeQueueOptions } from './mergeQueue';
import { createMergeFixture, RUN_ID, type MergeFixture } from './testing/taskFixture';

/** Polls until `check` holds (generous: the machine may be loaded). */
async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('MergeQueue (real repositories, one test per hazard)', () => {
  let fx: MergeFixture;
  const queues: MergeQueue[] = [];
  afterEach(async () => {
    for (const queue of queues.splice(0)) {
      queue.dispose();
      await queue.whenIdle();
    }
    await fx?.cleanup();
  });

  const queueFor = (options: Partial<MergeQueueOptions> = {}) => {
    const queue = new MergeQueue({
      repo: fx.repo.dir,
      commonDir: fx.commonDir,
      target: 'main',
      checkoutPollMs: 30,
      ...options,
    });
    queues.push(queue);
    const events: MergeProgress[] = [];
    queue.onDidProgress((event) => events.push(event));
    return { queue, events };
  };
  const branches = async () => (await fx.repo.git('branch', '--format=%(refname:short)')).split('\n').sort();
  const worktreeCount = async () =>
    (await fx.repo.git('worktree', 'list', '--porcelain')).split('\n').filter((line) => line.startsWith('worktree ')).length;
  const merged = (outcome: MergeOutcome) => {
    if (outcome.status !== 'merged') throw new Error(`expected merged, got ${JSON.stringify(outcome)}`);
    return outcome;
  };

  it('lands a clean task as a two-parent merge commit with subject and trailers, and cleans up', async () => {
    fx = await createMergeFixture({ 'README.md': 'readme\n' });
    const before = await fx.repo.git('rev-parse', 'main');
    const request = await fx.task('t1', { 'src/a.txt': 'a\n' });
    const taskHead = await fx.repo.git('rev-parse', request.branch);
    const { queue } = queueFor();
    const outcome = merged(await queue.enqueue(request));
    const head = await fx.repo.git('rev-parse', 'main');
    expect(head).toBe(outcome.mergeCommit);
    expect(await fx.repo.git('rev-list', '--parents', '-n', '1', head)).toBe(`${head} ${before} ${taskHead}`);
    expect(await fx.repo.git('log', '-1', '--format=%s', head)).toBe('Merge task t1: Task t1');
    expect(await fx.repo.git('log', '-1', '--format=%(trailers:only,unfold)', head)).toBe(
      `Wavelane-Task: t1\nWavelane-Run: ${RUN_ID}\n`,
    );
    // The main checkout came along and is clean.
    expect(await readFile(path.join(fx.repo.dir, 'src/a.txt'), 'utf8')).toBe('a\n');
    expect(await fx.repo.git('status', '--porcelain')).toBe('');
    expect(outcome).toMatchObject({ checkout: 'synced', restarts: 0, cleanupProblems: [] });
    expect(existsSync(request.worktree!)).toBe(false);
    expect(await worktreeCount()).toBe(1);
    expect(await branches()).toEqual(['main']);
  });

  it('keeps the branch with keepBranch', async () => {
    fx = await createMergeFixture();
    const request = await fx.task('kept', { 'k.txt': 'k\n' }, { keepBranch: true });
    const { queue } = queueFor();
    merged(await queue.enqueue(request));
    expect(await branches()).toEqual(['main', 'wavelane/kept']);
    expect(await worktreeCount()).toBe(1);
  });

  it('a conflict does not move the target and keeps the branch and worktree', async () => {
    fx = await createMergeFixture({ 'shared.txt': 'one\ntwo\nthree\n' });
    const request = await fx.task('c1', { 'shared.txt': 'one\nTASK\nthree\n' });
    await fx.repo.commit('user edit', { 'shared.txt': 'one\nUSER\nthree\n' });
    const before = await fx.repo.git('rev-parse', 'main');
    const { queue } = queueFor();
    const outcome = await queue.enqueue(request);
    expect(outcome).toMatchObject({ status: 'conflict', files: [{ path: 'shared.txt', kind: 'text' }] });
    expect(await fx.repo.git('rev-parse', 'main')).toBe(before);
    expect(await fx.repo.git('status', '--porcelain')).toBe('');
    expect(await branches()).toEqual(['main', 'wavelane/c1']);
    expect(existsSync(request.worktree!)).toBe(true);
    expect(await readFile(path.join(request.worktree!, 'shared.txt'), 'utf8')).toBe('one\nTASK\nthree\n');
  });

  it('reports delete-versus-modify and binary conflicts with their kinds', async () => {
    fx = await createMergeFixture({ 'gone.txt': 'keep me\n', 'logo.bin': Buffer.from([0, 1, 2, 3]) });
    const request = await fx.task('c2', { 'gone.txt': null, 'logo.bin': Buffer.from([0, 9, 9, 9]) });
    await fx.repo.commit('user edits', { 'gone.txt': 'keep me, edited\n', 'logo.bin': Buffer.from([0, 7, 7, 7]) });
    const before = await fx.repo.git('rev-parse', 'main');
    const outcome = await queueFor().queue.enqueue(request);
    expect(outcome.status).toBe('conflict');
    if (outcome.status !== 'conflict') return;
    expect([...outcome.files].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: 'gone.txt', kind: 'modify-delete' },
      { path: 'logo.bin', kind: 'binary' },
    ]);
    expect(outcome.messages.map((m) => m.type)).toEqual(expect.arrayContaining(['CONFLICT (modify/delete)', 'CONFLICT (binary)']));
    expect(await fx.repo.git('rev-parse', 'main')).toBe(before);
  });

  it('reports an add-add conflict', async () => {
    fx = await createMergeFixture();
    const request = await fx.task('c3', { 'new.txt': 'from the task\n' });
    await fx.repo.commit('user adds the same file', { 'new.txt': 'from the user\n' });
    const outcome = await queueFor().queue.enqueue(request);
    expect(outcome).toMatchObject({ status: 'conflict', files: [{ path: 'new.txt', kind: 'add-add' }] });
  });

  it('keeps untracked files of the main checkout', async () => {
    fx = await createMergeFixture();
    await writeFile(path.join(fx.repo.dir, 'notes.local'), 'mine\n');
    const request = await fx.task('u1', { 'w.txt': 'w\n' });
    merged(await queueFor().queue.enqueue(request));
    expect(await readFile(path.join(fx.repo.dir, 'notes.local'), 'utf8')).toBe('mine\n');
    expect(await readFile(path.join(fx.repo.dir, 'w.txt'), 'utf8')).toBe('w\n');
  });

  it('waits while a tracked file is modified in the main checkout, touching nothing, then proceeds', async () => {
    fx = await createMergeFixture({ 'README.md': 'readme\n' });
    const request = await fx.task('m1', { 'other.txt': 'x\n' });
    const before = await fx.repo.git('rev-parse', 'main');
    await writeFile(path.join(fx.repo.dir, 'README.md'), 'my edit\n');
    const { queue, events } = queueFor();
    const pending = queue.enqueue(request);
    await waitFor(() => events.some((e) => e.phase === 'waiting'), 'the merge to wait');
    const waiting = events.find((e) => e.phase === 'waiting')!;
    expect(waiting).toMatchObject({ taskId: 'm1' });
    expect(waiting.reason).toContain('README.md');
    expect(waiting.reason).toContain('uncommitted changes');
    // Still waiting a while later: target, checkout and the user's edit all untouched.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await fx.repo.git('rev-parse', 'main')).toBe(before);
    expect(await readFile(path.join(fx.repo.dir, 'README.md'), 'utf8')).toBe('my edit\n');
    expect(existsSync(path.join(fx.repo.dir, 'other.txt'))).toBe(false);
    await writeFile(path.join(fx.repo.dir, 'README.md'), 'readme\n');
    merged(await pending);
    expect(await readFile(path.join(fx.repo.dir, 'other.txt'), 'utf8')).toBe('x\n');
    expect(await fx.repo.git('status', '--porcelain')).toBe('');
  });

  it('waits while changes are staged in the main checkout, keeping them staged, then proceeds', async () => {
    fx = await createMergeFixture({ 'README.md': 'readme\n' });
    const request = await fx.task('s1', { 'other.txt': 'x\n' });
    const before = await fx.repo.git('rev-parse', 'main');
    await writeFile(path.join(fx.repo.dir, 'staged.txt'), 'staged\n');
    await fx.repo.git('add', 'staged.txt');
    const { queue, events } = queueFor();
    const pending = queue.enqueue(request);
    await waitFor(() => events.some((e) => e.phase === 'waiting' && e.reason?.includes('staged.txt')), 'the merge to wait');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await fx.repo.git('rev-parse', 'main')).toBe(before);
    expect(await fx.repo.git('diff', '--cached', '--name-only')).toBe('staged.txt');
    await fx.repo.git('rm', '-q', '--cached', 'staged.txt');
    merged(await pending);
    // Now untracked, it survived too.
    expect(await readFile(path.join(fx.repo.dir, 'staged.txt'), 'utf8')).toBe('staged\n');
  });

  it('never overwrites an untracked file in the way of a new tracked file: waits instead', async () => {
    fx = await createMergeFixture();
    const request = await fx.task('b1', { 'new.txt': 'from the task\n', 'config/new.json': '{"task":true}\n' });
    await writeFile(path.join(fx.repo.dir, 'new.txt'), 'mine, untracked\n');
    // A file where the task needs a folder is in the way too.
    await writeFile(path.join(fx.repo.dir, 'config'), 'mine too\n');
    const before = await fx.repo.git('rev-parse', 'main');
    const { queue, events } = queueFor();
    const pending = queue.enqueue(request);
    await waitFor(() => events.some((e) => e.phase === 'waiting'), 'the merge to wait');
    const reason = events.find((e) => e.phase === 'waiting')!.reason!;
    expect(reason).toContain('new.txt');
    expect(reason).toContain('config');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await fx.repo.git('rev-parse', 'main')).toBe(before);
    expect(await readFile(path.join(fx.repo.dir, 'new.txt'), 'utf8')).toBe('mine, untracked\n');
    expect(await readFile(path.join(fx.repo.dir, 'config'), 'utf8')).toBe('mine too\n');
    await rm(path.join(fx.repo.dir, 'new.txt'));
    await rm(path.join(fx.repo.dir, 'config'));
    merged(await pending);
    expect(await readFile(path.join(fx.repo.dir, 'new.txt'), 'utf8')).toBe('from the task\n');
    expect(await readFile(path.join(fx.repo.dir, 'config/new.json'), 'utf8')).toBe('{"task":true}\n');
  });

  it('never overwrites an ignored file either (git would): waits instead', async () => {
    fx = await createMergeFixture({ '.gitignore': '.env\n' });
    // The task force-adds a tracked .env; the user's own ignored .env must survive.
    const request = await fx.task('b2', {});
    await writeFile(path.join(request.worktree!, '.env'), 'TASK=1\n');
    await fx.repo.git('-C', request.worktree!, 'add', '-f', '.env');
    await fx.repo.git('-C', request.worktree!, 'commit', '-q', '-m', 'track .env');
    await writeFile(path.join(fx.repo.dir, '.env'), 'SECRET=mine\n');
    const { queue, events } = queueFor();
    const pending = queue.enqueue(request);
    await waitFor(() => events.some((e) => e.phase === 'waiting' && e.reason?.includes('.env')), 'the merge to wait');
    expect(await readFile(path.join(fx.repo.dir, '.env'), 'utf8')).toBe('SECRET=mine\n');
    await rm(path.join(fx.repo.dir, '.env'));
    merged(await pending);
    expect(await readFile(path.join(fx.repo.dir, '.env'), 'utf8')).toBe('TASK=1\n');
  });

  it('starts over when the target moves between the check and the update', async () => {
    fx = await createMergeFixture();
    const request = await fx.task('r1', { 'r.txt': 'r\n' });
    let userCommit = '';
    const { queue } = queueFor({
      hooks: {
        async beforeAdvance({ attempt }) {
          if (attempt === 1) userCommit = await fx.repo.commit('user commits meanwhile', { 'user.txt': 'u\n' });
        },
      },
    });
    const outcome = merged(await queue.enqueue(request));
    expect(outcome.restarts).toBe(1);
    // Built again on top of the user's commit: nothing of theirs is lost.
    expect(await fx.repo.git('rev-parse', `${outcome.mergeCommit}^1`)).toBe(userCommit);
    expect(await fx.repo.git('rev-parse', 'main')).toBe(outcome.mergeCommit);
    expect(await fx.repo.git('show', 'main:user.txt')).toBe('u');
    expect(await fx.repo.git('show', 'main:r.txt')).toBe('r');
  });

  it('an edit made in the instant between the check and the swap is never overwritten: the checkout waits', async () => {
    fx = await createMergeFixture({ 'shared.txt': 'base\n' });
    const request = await fx.task('w1', { 'shared.txt': 'from the task\n' });
    const { queue, events } = queueFor({
      hooks: {
        async beforeAdvance() {
          // The user saves a file the merge rewrites, right then.
          await writeFile(path.join(fx.repo.dir, 'shared.txt'), 'user edit\n');
        },
      },
    });
    const pending = queue.enqueue(request);
    await waitFor(() => events.some((e) => e.phase === 'waiting' && e.reason?.includes('shared.txt')), 'the checkout to wait');
    expect(await readFile(path.join(fx.repo.dir, 'shared.txt'), 'utf8')).toBe('user edit\n');
    // Once the edit is gone, the checkout catches up.
    await writeFile(path.join(fx.repo.dir, 'shared.txt'), 'base\n');
    const outcome = merged(await pending);
    expect(outcome.checkout).toBe('synced');
    expect(await readFile(path.join(fx.repo.dir, 'shared.txt'), 'utf8')).toBe('from the task\n');
    expect(await fx.repo.git('status', '--porcelain')).toBe('');
  });

  it('an edit made in that instant to a file the merge does not touch is carried along', async () => {
    fx = await createMergeFixture({ 'README.md': 'readme\n' });
    const request = await fx.task('w2', { 'w2.txt': 'w2\n' });
    const { queue } = queueFor({
      hooks: {
        async beforeAdvance() {
          await writeFile(path.join(fx.repo.dir, 'README.md'), 'user edit\n');
        },
      },
    });
    expect(merged(await queue.enqueue(request)).checkout).toBe('synced');
    expect(await readFile(path.join(fx.repo.dir, 'README.md'), 'utf8')).toBe('user edit\n');
    expect(await readFile(path.join(fx.repo.dir, 'w2.txt'), 'utf8')).toBe('w2\n');
    expect(await fx.repo.git('status', '--porcelain')).toBe(' M README.md');
  });

  it('a failing verify leaves the target untouched and reports the output', async () => {
    fx = await createMergeFixture();
    const request = await fx.task('v1', { 'v.txt': 'v\n' }, { verify: { command: 'echo checking; echo broken >&2; exit 3' } });
    const before = await fx.repo.git('rev-parse', 'main');
    const outcome = await queueFor().queue.enqueue(request);
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'VERIFY_FAILED' }, verify: { passed: false, exitCode: 3 } });
    if (outcome.status !== 'failed') return;
    expect(outcome.verify!.output).toContain('checking\n');
    expect(outcome.verify!.output).toContain('broken\n');
    expect(await fx.repo.git('rev-parse', 'main')).toBe(before);
    expect(existsSync(path.join(fx.repo.dir, 'v.txt'))).toBe(false);
    // Branch and worktree stay, the worktree back on its branch.
    expect(await fx.repo.git('-C', request.worktree!, 'symbolic-ref', '--short', 'HEAD')).toBe('wavelane/v1');
  });

  it('runs verify on exactly the merged tree', async () => {
    fx = await createMergeFixture({ 'base.txt': 'base\n' });
    const probe = path.join(fx.worktreeRoot, '..', 'probe.txt');
    const request = await fx.task('v2', { 'task.txt': 'task\n' }, {
      verify: { command: `{ git rev-parse HEAD; git status --porcelain; cat base.txt task.txt user.txt; } > "${probe}"` },
    });
    // The target moved after the task started: verify must see both sides.
    await fx.repo.commit('user work', { 'user.txt': 'user\n' });
    const outcome = merged(await queueFor().queue.enqueue(request));
    expect(outcome.verify).toMatchObject({ passed: true, commit: outcome.mergeCommit });
    expect(await readFile(probe, 'utf8')).toBe(`${outcome.mergeCommit}\nbase\ntask\nuser\n`);
    expect(outcome.verify!.tree).toBe(await fx.repo.git('rev-parse', `${outcome.mergeCommit}^{tree}`));
    expect(existsSync(request.worktree!)).toBe(false);
  });

  it('verifies again, on the new merged tree, when the target moved after a verify', async () => {
    fx = await createMergeFixture();
    const probe = path.join(fx.worktreeRoot, '..', 'verified.txt');
    const request = await fx.task('v3', { 'task.txt': 'task\n' }, {
      // Leaves output behind in the worktree, as builds do.
      verify: { command: `git rev-parse HEAD >> "${probe}"; echo junk > build-output.txt; test -f task.txt` },
    });
    const { queue } = queueFor({
      hooks: {
        async beforeAdvance({ attempt }) {
          if (attempt === 1) await fx.repo.commit('user commits meanwhile', { 'user.txt': 'u\n' });
        },
      },
    });
    const outcome = merged(await queue.enqueue(request));
    expect(outcome.restarts).toBe(1);
    const verified = (await readFile(probe, 'utf8')).trim().split('\n');
    expect(verified).toHaveLength(2);
    expect(verified[1]).toBe(outcome.mergeCommit);
    expect(outcome.verify!.commit).toBe(outcome.mergeCommit);
    expect(await fx.repo.git('show', `${outcome.mergeCommit}:user.txt`)).toBe('u');
    expect(existsSync(request.worktree!)).toBe(false);
  });

  it('merges requests queued together one after another, in order, in one advance', async () => {
    fx = await createMergeFixture();
    const requests = [];
    for (const id of ['q1', 'q2', 'q3']) requests.push(await fx.task(id, { [`${id}.txt`]: `${id}\n` }));
    const { queue } = queueFor();
    const outcomes = await Promise.all(requests.map((request) => queue.enqueue(request)));
    expect(outcomes.map((o) => o.status)).toEqual(['merged', 'merged', 'merged']);
    const subjects = (await fx.repo.git('log', '--first-parent', '--format=%s', 'main')).split('\n');
    expect(subjects.slice(0, 3)).toEqual(['Merge task q3: Task q3', 'Merge task q2: Task q2', 'Merge task q1: Task q1']);
    for (const id of ['q1', 'q2', 'q3']) expect(await readFile(path.join(fx.repo.dir, `${id}.txt`), 'utf8')).toBe(`${id}\n`);
    expect(await fx.repo.git('status', '--porcelain')).toBe('');
  });

  it('a conflicting request in a group does not hold back the others', async () => {
    fx = await createMergeFixture({ 'shared.txt': 'a\nb\nc\n' });
    const first = await fx.task('g1', { 'shared.txt': 'a\nG1\nc\n' });
    const second = await fx.task('g2', { 'shared.txt': 'a\nG2\nc\n' });
    const third = await fx.task('g3', { 'g3.txt': 'g3\n' });
    const { queue } = queueFor();
    const outcomes = await Promise.all([first, second, third].map((request) => queue.enqueue(request)));
    expect(outcomes.map((o) => o.status)).toEqual(['merged', 'conflict', 'merged']);
    expect(await fx.repo.git('show', 'main:shared.txt')).toBe('a\nG1\nc');
    expect(await fx.repo.git('show', 'main:g3.txt')).toBe('g3');
  });

  it('cancels what is still queued when disposed, moving nothing', async () => {
    fx = await createMergeFixture({ 'README.md': 'readme\n' });
    const request = await fx.task('d1', { 'd.txt': 'd\n' });
    const before = await fx.repo.git('rev-parse', 'main');
    await writeFile(path.join(fx.repo.dir, 'README.md'), 'dirty\n');
    const { queue, events } = queueFor();
    const pending = queue.enqueue(request);
    await waitFor(() => events.some((e) => e.phase === 'waiting'), 'the merge to wait');
    queue.dispose();
    expect(await pending).toMatchObject({ status: 'cancelled', taskId: 'd1' });
    expect(await fx.repo.git('rev-parse', 'main')).toBe(before);
    expect(await queue.enqueue(request)).toMatchObject({ status: 'cancelled' });
  });
});
