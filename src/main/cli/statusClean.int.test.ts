import { afterEach, describe, expect, it } from 'vitest';
import { runCliProcess } from './testing/cliProcess';
import { createRunFixture, type RunFixture } from './testing/runFixture';

describe('wavelane status and clean', () => {
  let fx: RunFixture | undefined;
  afterEach(async () => {
    await fx?.cleanup();
    fx = undefined;
  });

  it('reports the last run per task, and cleans only what holds no unmerged work unless forced', async () => {
    fx = await createRunFixture({ 'shared.txt': 'one\ntwo\nthree\n' });
    const cli = (args: string[]) => runCliProcess([...args, '--repo', fx!.repo.dir], { cwd: fx!.repo.dir });
    expect(JSON.parse((await cli(['status', '--json'])).stdout)).toBeNull();
    await fx.writePlan([
      { id: 'first', prompt: "sed -i 's/two/first/' shared.txt" },
      { id: 'second', prompt: "sleep 1; sed -i 's/two/second/' shared.txt" },
    ]);
    const run = await fx.run(['--json', '--max-parallel', '2']);
    expect(run.code).toBe(1);

    const status = await cli(['status', '--json']);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout);
    expect(report).toMatchObject({ run: run.report!.run, state: 'finished' });
    expect(report.tasks).toEqual(run.report!.tasks);
    const text = (await cli(['status'])).stdout;
    expect(text).toMatch(/second\s+conflict\s+merge conflict in shared\.txt/);

    const gentle = await cli(['clean']);
    expect(gentle.code).toBe(0);
    expect(gentle.stdout).toContain('kept');
    expect(await fx.repo.git('branch', '--list', 'wavelane/second')).not.toBe('');

    const forced = await cli(['clean', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await fx.repo.git('branch', '--list', 'wavelane/*')).toBe('');
    expect((await fx.repo.git('worktree', 'list')).split('\n')).toHaveLength(1);
    // The merged work is on main, untouched by clean.
    expect(await fx.repo.git('show', 'main:shared.txt')).toBe('one\nfirst\nthree');
  });
});
