import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from './createCore';
import { createTempRepo, makeTempDir, type TempRepo } from './testing/tempRepo';

describe('createCore: opening a repository through the host', () => {
  let core: Core | undefined;
  let repo: TempRepo | undefined;
  afterEach(async () => {
    await core?.dispose();
    await repo?.cleanup();
  });

  it('opens the folder the host picker returns, and does nothing when the user cancels', async () => {
    repo = await createTempRepo();
    const answers: Array<string | null> = [null, path.join(repo.dir)];
    const dataDir = await makeTempDir();
    core = createCore({ host: 'electron', version: 't', dataDir, pickFolder: async () => answers.shift() ?? null });
    expect(await core.request('project.pick', {})).toEqual({ ok: true, value: null });
    expect(core.currentProject()).toBeNull();
    expect(await core.request('project.pick', {})).toMatchObject({ ok: true, value: { path: repo.dir } });
    expect(core.currentProject()?.path).toBe(repo.dir);
  });

  it('names the problem of a picked folder that is not a repository, and says when there is no picker', async () => {
    const dataDir = await makeTempDir();
    const plain = await makeTempDir();
    core = createCore({ host: 'electron', version: 't', dataDir, pickFolder: async () => plain });
    expect(await core.request('project.pick', {})).toMatchObject({ ok: false, error: { code: 'NOT_A_REPO', where: plain } });
    await core.dispose();
    core = createCore({ host: 'web', version: 't', dataDir });
    expect(await core.request('project.pick', {})).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
  });
});
