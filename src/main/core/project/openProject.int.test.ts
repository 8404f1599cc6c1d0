import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mustGit } from '../testing/tempRepo';
import { createTempRepo, makeTempDir, type TempRepo } from '../testing/tempRepo';
import { openProject } from './openProject';

describe('openProject (real repositories)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  const scratch = async () => {
    const dir = await makeTempDir();
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  };
  const repo = async (options?: Parameters<typeof createTempRepo>[0]): Promise<TempRepo> => {
    const created = await createTempRepo(options);
    cleanups.push(created.cleanup);
    return created;
  };

  it('opens a repository and reports its name, branch and head', async () => {
    const r = await repo({ branch: 'trunk' });
    const head = await r.git('rev-parse', 'HEAD');
    const opened = await openProject(r.dir);
    expect(opened).toEqual({ ok: true, value: { path: r.dir, name: path.basename(r.dir), branch: 'trunk', head } });
  });

  it('opens the top level when given a subfolder', async () => {
    const r = await repo();
    await mkdir(path.join(r.dir, 'a', 'b'), { recursive: true });
    const opened = await openProject(path.join(r.dir, 'a', 'b'));
    expect(opened.ok && opened.value.path).toBe(r.dir);
  });

  it('reports a detached HEAD and an empty repository', async () => {
    const r = await repo();
    await r.git('checkout', '-q', '--detach');
    const detached = await openProject(r.dir);
    expect(detached.ok && detached.value.branch).toBeNull();
    const empty = await repo({ initialCommit: false });
    const opened = await openProject(empty.dir);
    expect(opened.ok && opened.value).toMatchObject({ branch: 'main', head: null });
  });

  it('names a missing path', async () => {
    const dir = await scratch();
    const missing = path.join(dir, 'nope');
    const opened = await openProject(missing);
    expect(opened).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', where: missing } });
    expect(!opened.ok && opened.error.message).toContain(missing);
  });

  it('refuses a file', async () => {
    const dir = await scratch();
    const file = path.join(dir, 'file.txt');
    await writeFile(file, 'x');
    expect(await openProject(file)).toMatchObject({ ok: false, error: { code: 'NOT_A_DIRECTORY' } });
  });

  it('refuses a folder that is not a repository', async () => {
    const dir = await scratch();
    const opened = await openProject(dir);
    expect(opened).toMatchObject({ ok: false, error: { code: 'NOT_A_REPO', where: dir } });
    expect(!opened.ok && opened.error.message).toMatch(/not inside a git repository/);
  });

  it('refuses a bare repository', async () => {
    const dir = await scratch();
    await mustGit(['init', '-q', '--bare'], { cwd: dir });
    const opened = await openProject(dir);
    expect(opened).toMatchObject({ ok: false, error: { code: 'BARE_REPO', where: dir } });
  });
});
