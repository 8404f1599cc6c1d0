import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FALLBACK_IDENTITY } from '../git/identity';
import { createTempRepo, makeTempDir, type TempRepo } from '../testing/tempRepo';
import { createMergeCommit, mergeSubject } from './mergeCommit';

describe('createMergeCommit (real repositories)', () => {
  let r: TempRepo;
  let scratch: string;
  afterEach(async () => {
    await r.cleanup();
    await rm(scratch, { recursive: true, force: true });
  });

  async function setup() {
    r = await createTempRepo();
    scratch = await makeTempDir();
    const target = await r.git('rev-parse', 'HEAD');
    await r.git('checkout', '-q', '-b', 'task');
    const task = await r.commit('task', { 't.txt': 't\n' });
    await r.git('checkout', '-q', 'main');
    return { target, task, tree: await r.git('rev-parse', `${task}^{tree}`) };
  }

  it('builds a two-parent commit with the subject and trailers, moving nothing', async () => {
    const { target, task, tree } = await setup();
    const made = await createMergeCommit({ cwd: r.dir, tree, targetHead: target, taskHead: task, title: 'Do\nthe thing', stamp: { taskId: 't1', runId: 'r1' } });
    if (!made.ok) throw new Error(made.error.message);
    expect(await r.git('rev-list', '--parents', '-n', '1', made.value)).toBe(`${made.value} ${target} ${task}`);
    expect((await r.git('log', '-1', '--format=%B', made.value)).trimEnd()).toBe('Merge task t1: Do the thing\n\nWavelane-Task: t1\nWavelane-Run: r1');
    expect(await r.git('rev-parse', 'main')).toBe(target);
    expect(await r.git('log', '-1', '--format=%an <%ae>', made.value)).toBe('Wavelane Test <test@wavelane.invalid>');
    expect(mergeSubject('x', '  a \t b ')).toBe('Merge task x: a b');
  });

  it('falls back to the Wavelane identity where git has none', async () => {
    const { target, task, tree } = await setup();
    const empty = path.join(scratch, 'empty-gitconfig');
    await writeFile(empty, '');
    await r.git('config', '--unset', 'user.name');
    await r.git('config', '--unset', 'user.email');
    const isolated = { GIT_CONFIG_GLOBAL: empty, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: '', GIT_AUTHOR_EMAIL: '', GIT_COMMITTER_NAME: '', GIT_COMMITTER_EMAIL: '', EMAIL: '' };
    const made = await createMergeCommit({ cwd: r.dir, tree, targetHead: target, taskHead: task, title: 'x', stamp: { taskId: 't1', runId: 'r1' }, gitEnv: isolated });
    if (!made.ok) throw new Error(made.error.message);
    expect(await r.git('log', '-1', '--format=%an <%ae>|%cn <%ce>', made.value)).toBe(
      `${FALLBACK_IDENTITY.name} <${FALLBACK_IDENTITY.email}>|${FALLBACK_IDENTITY.name} <${FALLBACK_IDENTITY.email}>`,
    );
  });
});
