import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempRepo, type TempRepo } from '../testing/tempRepo';
import type { HostProbe } from '../processes/hostProbe';
import { attemptFixture, planFixture } from './runStateFixture';
import { RunStore, type NewRun } from './runStore';

/** The real host, with a clock the test moves (run ids and timestamps follow it). */
function clockedProbe(start: string): HostProbe & { advance(ms: number): void } {
  let now = Date.parse(start);
  return {
    pid: process.pid,
    hostname: () => 'test-host',
    now: () => new Date(now),
    bootTimeMs: () => 0,
    isPidAlive: () => true,
    advance(ms) {
      now += ms;
    },
  };
}

describe('RunStore (real repositories)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  const stores: RunStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  const setup = async () => {
    const repo: TempRepo = await createTempRepo();
    cleanups.push(repo.cleanup);
    const probe = clockedProbe('2026-03-01T10:00:00.000Z');
    const opened = await RunStore.open(repo.dir, probe);
    if (!opened.ok) throw new Error(opened.error.message);
    stores.push(opened.value);
    const head = await repo.git('rev-parse', 'HEAD');
    const newRun = (fields: Partial<NewRun> = {}): NewRun => ({
      repo: repo.dir,
      target: { branch: 'main', head },
      options: {
        strategy: 'eager',
        maxParallel: 3,
        verify: 'npm test',
        strictFiles: false,
        keepBranches: false,
        worktreeRoot: path.join(repo.dir, '..', 'wt'),
        resourceGuard: true,
      },
      plan: planFixture(['a', 'b']),
      ...fields,
    });
    return { repo, store: opened.value, probe, newRun };
  };
  const unwrap = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };

  it('creates a run in the git common dir: state, plan, folders, current pointer', async () => {
    const { repo, store, newRun } = await setup();
    const state = unwrap(await store.createRun(newRun()));
    expect(state.id).toBe(state.id.match(/^20260301-100000-[0-9a-f]{4}$/)?.[0]);
    expect(state.state).toBe('running');
    expect(state.owner).toMatchObject({ pid: process.pid, hostname: 'test-host' });
    expect(state.tasks.map((task) => [task.id, task.status])).toEqual([
      ['a', 'pending'],
      ['b', 'pending'],
    ]);
    const runDir = path.join(repo.dir, '.git', 'wavelane', 'runs', state.id);
    expect((await readdir(runDir)).sort()).toEqual(['logs', 'plan.json', 'prompts', 'state.json']);
    expect(JSON.parse(await readFile(path.join(runDir, 'plan.json'), 'utf8'))).toEqual(planFixture(['a', 'b']));
    expect(unwrap(await store.loadRunState(state.id))).toEqual(state);
    expect(unwrap(await store.loadRunPlan(state.id))).toEqual(planFixture(['a', 'b']));
    expect(unwrap(await store.currentRun())?.id).toBe(state.id);
    // git does not see the state: it lives in the common dir, not the working tree.
    expect(await repo.git('status', '--porcelain')).toBe('');
  });

  it('finds the same runs from a linked worktree', async () => {
    const { repo, store, newRun } = await setup();
    const state = unwrap(await store.createRun(newRun()));
    const worktree = path.join(repo.dir, '..', `${path.basename(repo.dir)}-wt`);
    cleanups.push(() => rm(worktree, { recursive: true, force: true }));
    await repo.git('worktree', 'add', '-q', '-b', 'wavelane/a', worktree);
    const fromWorktree = unwrap(await RunStore.open(worktree));
    stores.push(fromWorktree);
    expect(unwrap(await fromWorktree.currentRun())?.id).toBe(state.id);
  });

  it('serializes saves of one run: a burst in one tick ends with the last state on disk, never a mix', async () => {
    const { repo, store, newRun } = await setup();
    const state = unwrap(await store.createRun(newRun()));
    const saves = [];
    for (let i = 0; i < 25; i++) {
      state.tasks[0]!.reason = `transition ${i}`;
      state.tasks[1]!.durationMs = i;
      saves.push(store.saveRunState(state)); // the caller keeps mutating its object: each save is a snapshot
    }
    const results = await Promise.all(saves);
    expect(results.every((result) => result.ok)).toBe(true);
    const loaded = unwrap(await store.loadRunState(state.id));
    expect(loaded.tasks[0]!.reason).toBe('transition 24');
    expect(loaded.tasks[1]!.durationMs).toBe(24);
    const runDir = path.join(repo.dir, '.git', 'wavelane', 'runs', state.id);
    expect((await readdir(runDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to write an invalid state and leaves the file as it was', async () => {
    const { store, newRun } = await setup();
    const state = unwrap(await store.createRun(newRun()));
    const broken = structuredClone(state);
    broken.tasks[0]!.status = 'finished' as never;
    const saved = await store.saveRunState(broken);
    expect(saved.ok === false && saved.error.code).toBe('INVALID_STATE');
    expect(saved.ok === false && saved.error.message).toContain('tasks[0].status');
    expect(unwrap(await store.loadRunState(state.id))).toEqual(state);
  });

  it('reports a corrupt state file by name and never resets it', async () => {
    const { store, newRun } = await setup();
    const state = unwrap(await store.createRun(newRun()));
    const file = store.paths.stateFile(state.id);
    await writeFile(file, '{"version": 1, "id": ');
    const loaded = await store.loadRunState(state.id);
    expect(loaded.ok === false && loaded.error.code).toBe('STATE_CORRUPT');
    expect(loaded.ok === false && loaded.error.message).toContain(file);
    await writeFile(file, JSON.stringify({ hello: 'world' }));
    const foreign = await store.loadRunState(state.id);
    expect(foreign.ok === false && foreign.error.code).toBe('STATE_CORRUPT');
    expect(foreign.ok === false && foreign.error.where).toBe(file);
    expect(await readFile(file, 'utf8')).toBe(JSON.stringify({ hello: 'world' }));
  });

  it('lists runs oldest first, reporting unreadable ones and ignoring stray names', async () => {
    const { store, probe, newRun } = await setup();
    const first = unwrap(await store.createRun(newRun()));
    probe.advance(61_000);
    const second = unwrap(await store.createRun(newRun()));
    probe.advance(61_000);
    const third = unwrap(await store.createRun(newRun()));
    await writeFile(store.paths.stateFile(second.id), 'not json');
    await mkdir(path.join(store.paths.runsDir, 'not-a-run'));
    await writeFile(path.join(store.paths.runsDir, `.${first.id}.123.deadbeef.tmp`), '');
    const listing = unwrap(await store.listRuns());
    expect(listing.runs.map((run) => run.id)).toEqual([first.id, third.id]);
    expect(listing.problems).toEqual([
      { runId: second.id, code: 'STATE_CORRUPT', message: expect.stringContaining(store.paths.stateFile(second.id)) },
    ]);
  });

  it('follows current.json, falls back to the newest run without it, and names a dangling pointer', async () => {
    const { store, probe, newRun } = await setup();
    expect(unwrap(await store.currentRun())).toBeNull();
    const first = unwrap(await store.createRun(newRun()));
    probe.advance(5_000);
    const second = unwrap(await store.createRun(newRun()));
    expect(unwrap(await store.currentRun())?.id).toBe(second.id);
    await writeFile(store.paths.currentRunFile, JSON.stringify({ run: first.id }));
    expect(unwrap(await store.currentRun())?.id).toBe(first.id);
    await rm(store.paths.currentRunFile);
    expect(unwrap(await store.currentRun())?.id).toBe(second.id);
    await writeFile(store.paths.currentRunFile, JSON.stringify({ run: '20200101-000000-0000' }));
    const dangling = await store.currentRun();
    expect(dangling.ok === false && dangling.error.code).toBe('RUN_NOT_FOUND');
    expect(dangling.ok === false && dangling.error.message).toContain(store.paths.currentRunFile);
    await writeFile(store.paths.currentRunFile, '{"run": 5}');
    const bad = await store.currentRun();
    expect(bad.ok === false && bad.error.code).toBe('STATE_CORRUPT');
  });

  it('refuses a second run with the same id and leaves the first intact', async () => {
    const { store, newRun } = await setup();
    const first = unwrap(await store.createRun(newRun({ id: '20260301-100000-aaaa' })));
    const again = await store.createRun(newRun({ id: '20260301-100000-aaaa', plan: planFixture(['other']) }));
    expect(again.ok === false && again.error.code).toBe('RUN_EXISTS');
    expect(unwrap(await store.loadRunState(first.id))).toEqual(first);
    expect(unwrap(await store.loadRunPlan(first.id))).toEqual(planFixture(['a', 'b']));
  });

  it('rejects a bad new run without creating anything', async () => {
    const { store, newRun } = await setup();
    const badPlan = await store.createRun(newRun({ plan: { version: 1, tasks: [{ id: 'a' }] } as never }));
    expect(badPlan.ok === false && badPlan.error.code).toBe('INVALID_STATE');
    const badId = await store.createRun(newRun({ id: 'latest' }));
    expect(badId.ok === false && badId.error.code).toBe('INVALID_RUN_ID');
    const badOptions = await store.createRun(newRun({ options: { ...newRun().options, maxParallel: 0 } }));
    expect(badOptions.ok === false && badOptions.error.code).toBe('INVALID_STATE');
    expect(unwrap(await store.listRuns())).toEqual({ runs: [], problems: [] });
    expect(unwrap(await store.currentRun())).toBeNull();
  });

  it('records attempts, heartbeats and a takeover by a new owner', async () => {
    const { repo, store, probe, newRun } = await setup();
    const state = unwrap(await store.createRun(newRun()));
    state.tasks[0]!.status = 'running';
    state.tasks[0]!.attempts.push(
      attemptFixture(1, { branch: 'wavelane/a', worktree: path.join(repo.dir, '..', 'wt', 'a-1'), log: store.paths.logFile(state.id, 'a', 1) }),
    );
    unwrap(await store.saveRunState(state));
    probe.advance(10_000);
    unwrap(await store.heartbeat(state));
    const loaded = unwrap(await store.loadRunState(state.id));
    expect(loaded.owner.heartbeatAt).toBe('2026-03-01T10:00:10.000Z');
    expect(loaded.tasks[0]!.attempts[0]!.log).toBe(store.paths.logFile(state.id, 'a', 1));
    const taken = store.takeOver({ ...loaded, owner: { ...loaded.owner, pid: 999_999, hostname: 'elsewhere' } });
    expect(taken.owner).toMatchObject({ pid: process.pid, hostname: 'test-host', startedAt: '2026-03-01T10:00:10.000Z' });
    unwrap(await store.saveRunState(taken));
  });

  it('writes prompt files beside the run, byte for byte', async () => {
    const { store, newRun } = await setup();
    const state = unwrap(await store.createRun(newRun()));
    const prompt = 'Implement login.\n$(rm -rf /) `and` "quotes" stay text\n';
    const file = unwrap(await store.writePrompt(state.id, 'a', 2, prompt));
    expect(file).toBe(store.paths.promptFile(state.id, 'a', 2));
    expect(await readFile(file, 'utf8')).toBe(prompt);
  });

  it('shares one event log per run and reads it back', async () => {
    const { store, newRun } = await setup();
    const state = unwrap(await store.createRun(newRun()));
    const [log1, log2] = await Promise.all([store.eventLog(state.id), store.eventLog(state.id)]);
    expect(unwrap(log1)).toBe(unwrap(log2));
    await unwrap(log1).append({ type: 'run.started', run: state.id });
    await unwrap(log2).append({ type: 'task.status', task: 'a', status: 'running' });
    const read = unwrap(await store.readEvents(state.id));
    expect(read.events.map((event) => event.type)).toEqual(['run.started', 'task.status']);
  });
});
