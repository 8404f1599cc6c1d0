import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSnapshot } from '../../shared/board/board';
import { createCore, type Core } from './createCore';
import { isPidAlive } from './processes/isPidAlive';
import { openCoreHarness, type CoreHarness } from './project/testing/coreHarness';
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

describe('createCore: dispose (what quitting the app waits for)', () => {
  let h: CoreHarness | undefined;
  let scratch: string | undefined;
  afterEach(async () => {
    await h?.cleanup();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    h = undefined;
    scratch = undefined;
  });

  it('resolves only once the running agent is dead and the run is on disk as cancelled, its lock released', async () => {
    scratch = await makeTempDir('wavelane-dispose-');
    const pidFile = path.join(scratch, 'agent.pid');
    h = await openCoreHarness();
    // The shell agent runs its prompt as a script: it says who it is, then would run for ten minutes.
    await h.call('board.saveTask', { task: { id: 'forever', title: 'Forever', prompt: `echo $$ > ${pidFile}; exec sleep 600`, agent: 'shell' } });
    await h.call('board.moveTask', { id: 'forever', to: 'runParallel', index: 0 });
    const run = await h.call<RunSnapshot>('run.start', {});
    await h.waitForRun(() => existsSync(pidFile), 'the agent to start');
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    expect(isPidAlive(pid)).toBe(true);
    const runDir = path.join(h.repo.dir, '.git', 'wavelane', 'runs', run.id);
    expect(existsSync(path.join(runDir, 'run.lock'))).toBe(true);

    await h.core.dispose();

    // Checked at once, before any other await lets a straggling write finish.
    expect(existsSync(path.join(runDir, 'run.lock'))).toBe(false);
    expect(isPidAlive(pid)).toBe(false);
    const state = JSON.parse(await readFile(path.join(runDir, 'state.json'), 'utf8')) as { state: string };
    expect(state.state).toBe('cancelled');
    const events = (await readFile(path.join(runDir, 'events.jsonl'), 'utf8')).trim().split('\n');
    expect(JSON.parse(events.at(-1)!)).toMatchObject({ type: 'run.cancelled' });
  });
});
