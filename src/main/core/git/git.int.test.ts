import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempRepo, type TempRepo } from '../testing/tempRepo';
import { git, runGit } from './git';
import { cancelGit, MAX_GIT_PROCESSES_PER_REPO } from './gitRunners';

/** Calls started at once: well over the bound, so an unbounded runner would show it. */
const BURST = 3 * MAX_GIT_PROCESSES_PER_REPO;

describe('git, through simple-git (real repositories)', () => {
  let r: TempRepo;
  beforeEach(async () => {
    r = await createTempRepo();
  });
  afterEach(async () => {
    await r.cleanup();
  });

  async function hook(name: string, body: string) {
    const file = path.join(r.dir, '.git', 'hooks', name);
    await writeFile(file, `#!/bin/sh\n${body}\n`);
    await chmod(file, 0o755);
  }

  it('returns a failure as a value with the exit code and what git said', async () => {
    const failed = await git(['rev-parse', '--verify', 'no-such-branch'], { cwd: r.dir });
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.error).toMatchObject({ code: 'GIT_FAILED', exitCode: 128, where: r.dir });
    expect(failed.error.stderr).toMatch(/no-such-branch|Needed a single revision/);
    expect(failed.error.message).toContain('git rev-parse --verify no-such-branch');
  });

  it('gives every exit code, also one git prints nothing for', async () => {
    const head = await r.git('rev-parse', 'HEAD');
    expect(await runGit(['merge-base', '--is-ancestor', head, head], { cwd: r.dir })).toMatchObject({ code: 0 });
    await r.commit('second');
    expect(await runGit(['merge-base', '--is-ancestor', 'HEAD', head], { cwd: r.dir })).toMatchObject({ code: 1, stderr: '' });
  });

  it('answers a folder that does not exist with git’s error, on both paths, without throwing', async () => {
    const missing = path.join(r.dir, 'missing');
    const plain = await git(['status'], { cwd: missing });
    expect(plain).toMatchObject({ ok: false, error: { code: 'GIT_FAILED', where: missing } });
    const withInput = await git(['hash-object', '--stdin'], { cwd: missing, input: 'x' });
    expect(withInput).toMatchObject({ ok: false, error: { code: 'GIT_FAILED', where: missing } });
  });

  it('writes stdin and passes a per-call environment on the spawn path', async () => {
    const hashed = await git(['hash-object', '--stdin'], { cwd: r.dir, input: 'hello\n' });
    expect(hashed).toEqual({ ok: true, value: 'ce013625030ba8dba906f756967f9e9ca394464a' });
    const ident = await git(['var', 'GIT_AUTHOR_IDENT'], { cwd: r.dir, env: { GIT_AUTHOR_NAME: 'Per Call' } });
    expect(ident.ok && ident.value).toMatch(/^Per Call </);
  });

  it(`runs at most ${MAX_GIT_PROCESSES_PER_REPO} git processes of one repository at once`, async () => {
    const log = path.join(r.dir, '.git', 'overlap.log');
    // Each hook notes its start and end; the hooks run inside the git processes, so they overlap no more than those.
    await hook('wavelane-probe', `echo "+ $(date +%s%N)" >> "${log}"; sleep 0.3; echo "- $(date +%s%N)" >> "${log}"`);
    const runs = await Promise.all(Array.from({ length: BURST }, () => runGit(['hook', 'run', 'wavelane-probe'], { cwd: r.dir })));
    expect(runs.map((run) => run.code)).toEqual(Array(BURST).fill(0));
    const events = (await readFile(log, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => ({ delta: line.startsWith('+') ? 1 : -1, at: BigInt(line.slice(2)) }))
      .sort((a, b) => (a.at === b.at ? a.delta - b.delta : a.at < b.at ? -1 : 1));
    let running = 0;
    let most = 0;
    for (const event of events) most = Math.max(most, (running += event.delta));
    expect(events).toHaveLength(2 * BURST);
    expect(most).toBeLessThanOrEqual(MAX_GIT_PROCESSES_PER_REPO);
  });

  it('cancels the running git processes of a repository, and runs later calls afresh', async () => {
    await hook('wavelane-slow', 'sleep 60');
    const commonDir = await r.git('rev-parse', '--path-format=absolute', '--git-common-dir');
    const slow = git(['hook', 'run', 'wavelane-slow'], { cwd: r.dir });
    // The hook starts once git does; cancelling before that would cancel nothing.
    await new Promise((resolve) => setTimeout(resolve, 300));
    cancelGit(commonDir);
    expect(await slow).toMatchObject({ ok: false, error: { code: 'GIT_CANCELLED' } });
    expect((await git(['rev-parse', 'HEAD'], { cwd: r.dir })).ok).toBe(true);
  });
});
