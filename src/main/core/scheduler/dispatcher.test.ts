import { describe, expect, it } from 'vitest';
import type { PlanTask } from '../../../shared/plan/plan';
import type { Strategy } from '../../../shared/run/taskStatus';
import { createDispatcher, type Dispatcher } from './dispatcher';
import type { DispatchAction, DispatchEvent } from './dispatchEvents';
import { testTask as t } from './testTask';

/** A dispatcher on a hand-moved clock, with helpers that fail loudly on an error value. */
function setup(tasks: PlanTask[], options: { maxParallel?: number; strategy?: Strategy; durations?: Map<string, number> } = {}) {
  let clock = 0;
  const created = createDispatcher({ tasks, now: () => clock, ...options });
  if (!created.ok) throw new Error(created.error.message);
  const dispatcher: Dispatcher = created.value;
  const send = (event: DispatchEvent): DispatchAction[] => {
    const result = dispatcher.handle(event);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
  const started = (actions: DispatchAction[]) => actions.filter((action) => action.type === 'start').map((action) => (action as { id: string }).id);
  const status = (id: string) => dispatcher.snapshot().tasks.find((task) => task.id === id)?.status;
  return {
    dispatcher,
    send,
    started,
    status,
    advance: (ms: number) => (clock += ms),
    /** Agent succeeded and its merge landed. */
    land: (id: string) => [...send({ type: 'finished', id, outcome: 'success' }), ...send({ type: 'merged', id })],
  };
}

describe('dispatcher: what starts first', () => {
  it('starts the task heading the longest chain first, even if later in plan order', () => {
    const run = setup([t('quick1'), t('quick2'), t('head'), t('middle', { dependsOn: ['head'] }), t('tail', { dependsOn: ['middle'] })], { maxParallel: 1 });
    expect(run.started(run.send({ type: 'tick' }))).toEqual(['head']);
    // The freed slot goes to a ready task; `middle` becomes ready only when `head` is merged.
    expect(run.started(run.send({ type: 'finished', id: 'head', outcome: 'success' }))).toEqual(['quick1']);
    run.send({ type: 'merged', id: 'head' });
    expect(run.started(run.send({ type: 'finished', id: 'quick1', outcome: 'success' }))).toEqual(['middle']);
  });

  it('weighs estimates and measured durations, then breaks ties by priority and plan order', () => {
    const run = setup([t('a'), t('b', { estimateSec: 5 }), t('c'), t('d', { priority: 2 }), t('e')], {
      maxParallel: 1,
      durations: new Map([['c', 3000]]),
    });
    const order: string[] = [];
    let actions = run.send({ type: 'tick' });
    while (run.started(actions).length > 0) {
      const id = run.started(actions)[0] as string;
      order.push(id);
      actions = run.land(id);
    }
    expect(order).toEqual(['b', 'c', 'd', 'a', 'e']);
  });
});

describe('dispatcher: slots, dependencies and locks', () => {
  it('never runs more than maxParallel agents; a finished agent frees its slot before its merge', () => {
    const run = setup([t('a'), t('b'), t('c'), t('d')], { maxParallel: 2 });
    expect(run.started(run.send({ type: 'tick' }))).toEqual(['a', 'b']);
    expect(run.dispatcher.snapshot().tasks.find((task) => task.id === 'c')?.blockedBy).toEqual({ kind: 'slot' });
    expect(run.started(run.send({ type: 'finished', id: 'a', outcome: 'success' }))).toEqual(['c']);
    expect(run.dispatcher.snapshot()).toMatchObject({ running: 2, merging: 1 });
  });

  it('starts a dependent only once its dependency is merged (or empty)', () => {
    const run = setup([t('a'), t('b', { dependsOn: ['a'] }), t('e'), t('f', { dependsOn: ['e'] })]);
    expect(run.started(run.send({ type: 'tick' }))).toEqual(['a', 'e']);
    expect(run.started(run.send({ type: 'finished', id: 'a', outcome: 'success' }))).toEqual([]);
    expect(run.dispatcher.snapshot().tasks.find((task) => task.id === 'b')?.blockedBy).toEqual({ kind: 'dependency', on: 'a' });
    expect(run.started(run.send({ type: 'merged', id: 'a' }))).toEqual(['b']);
    expect(run.started(run.send({ type: 'finished', id: 'e', outcome: 'empty' }))).toEqual(['f']);
    expect(run.status('e')).toBe('empty');
  });

  it('holds locks from start until the merge lands, then lets the next holder in', () => {
    const run = setup([t('t1', { files: ['a/**'] }), t('t2', { files: ['a/x.ts'] }), t('t3', { reads: ['b/**'] })]);
    expect(run.started(run.send({ type: 'tick' }))).toEqual(['t1', 't3']);
    expect(run.started(run.send({ type: 'finished', id: 't1', outcome: 'success' }))).toEqual([]);
    expect(run.dispatcher.snapshot().tasks.find((task) => task.id === 't2')?.blockedBy).toEqual({ kind: 'lock', heldBy: 't1', globs: ['a/**'] });
    expect(run.started(run.send({ type: 'merged', id: 't1' }))).toEqual(['t2']);
  });

  it('lets a lower task pass a higher one that waits for a lock', () => {
    const run = setup([t('long', { estimateSec: 100, files: ['x/**'] }), t('blocked', { estimateSec: 50, files: ['x/y'] }), t('other', { estimateSec: 1, files: ['z/**'] })], {
      maxParallel: 3,
    });
    expect(run.started(run.send({ type: 'tick' }))).toEqual(['long', 'other']);
  });

  it('treats tasks marked done as merged', () => {
    const run = setup([t('old', { status: 'done', files: ['a/**'] }), t('next', { dependsOn: ['old'], files: ['a/**'] })]);
    expect(run.started(run.send({ type: 'tick' }))).toEqual(['next']);
    expect(run.status('old')).toBe('merged');
  });
});

describe('dispatcher: failures', () => {
  it('skips dependents transitively, each reason naming the task that failed', () => {
    const run = setup([t('a'), t('b', { dependsOn: ['a'] }), t('c', { dependsOn: ['b'] }), t('d')]);
    run.send({ type: 'tick' });
    const actions = run.send({ type: 'finished', id: 'a', outcome: 'failed', reason: 'exit code 1' });
    expect(actions.filter((action) => action.type === 'skip')).toEqual([
      { type: 'skip', id: 'b', status: 'skipped', reason: 'dependency a failed' },
      { type: 'skip', id: 'c', status: 'skipped', reason: 'dependency b was skipped (a failed)' },
    ]);
    expect(run.dispatcher.snapshot().tasks.find((task) => task.id === 'a')).toMatchObject({ status: 'failed', reason: 'exit code 1' });
    expect(run.status('d')).toBe('running');
  });

  it('skips the dependents of a merge conflict and of a failed verify', () => {
    const run = setup([t('a'), t('b', { dependsOn: ['a'] }), t('c'), t('d', { dependsOn: ['c'] })]);
    run.send({ type: 'tick' });
    run.send({ type: 'finished', id: 'a', outcome: 'success' });
    run.send({ type: 'finished', id: 'c', outcome: 'success' });
    const conflict = run.send({ type: 'conflict', id: 'a', reason: 'conflict in src/x.ts' });
    expect(conflict).toContainEqual({ type: 'skip', id: 'b', status: 'skipped', reason: 'dependency a had a merge conflict' });
    const verify = run.send({ type: 'verifyFailed', id: 'c' });
    expect(verify).toContainEqual({ type: 'skip', id: 'd', status: 'skipped', reason: 'dependency c failed' });
    expect(verify).toContainEqual({ type: 'done' });
    expect(run.status('a')).toBe('conflict');
    expect(run.status('c')).toBe('failed');
  });

  it('refuses an event that does not fit and changes nothing', () => {
    const run = setup([t('a'), t('b')], { maxParallel: 1 });
    run.send({ type: 'tick' });
    const before = run.dispatcher.snapshot();
    const early = run.dispatcher.handle({ type: 'merged', id: 'a' });
    expect(!early.ok && early.error.code).toBe('INVALID_TRANSITION');
    expect(!early.ok && early.error.message).toContain('"a" is running');
    const unknown = run.dispatcher.handle({ type: 'finished', id: 'zz', outcome: 'success' });
    expect(!unknown.ok && unknown.error.code).toBe('UNKNOWN_TASK');
    expect(run.dispatcher.snapshot()).toEqual(before);
  });

  it('refuses a bad maxParallel and a cyclic plan at creation', () => {
    const zero = createDispatcher({ tasks: [], maxParallel: 0, now: () => 0 });
    expect(!zero.ok && zero.error.code).toBe('INVALID_MAX_PARALLEL');
    const cycle = createDispatcher({ tasks: [t('a', { dependsOn: ['a'] })], now: () => 0 });
    expect(!cycle.ok && cycle.error.code).toBe('DEPENDENCY_CYCLE');
  });
});

describe('dispatcher: waves strategy', () => {
  const example = () => [t('t1', { files: ['a/**'] }), t('t2', { files: ['a/**'] }), t('t3', { dependsOn: ['t1'] }), t('t4')];

  it('starts wave 2 only when all of wave 1 has ended', () => {
    const run = setup(example(), { strategy: 'waves' });
    expect(run.started(run.send({ type: 'tick' }))).toEqual(['t1', 't4']);
    expect(run.started(run.land('t1'))).toEqual([]);
    expect(run.dispatcher.snapshot().tasks.find((task) => task.id === 't3')?.blockedBy).toEqual({ kind: 'wave', wave: 1 });
    expect(run.started(run.land('t4'))).toEqual(['t2', 't3']);
    expect(run.dispatcher.snapshot().currentWave).toBe(2);
  });

  it('does not wait under eager: the same plan starts t2 and t3 as soon as t1 lands', () => {
    const run = setup(example());
    run.send({ type: 'tick' });
    expect(run.started(run.land('t1'))).toEqual(['t2', 't3']);
  });

  it('counts a failed task as ended for its wave', () => {
    const run = setup(example(), { strategy: 'waves' });
    run.send({ type: 'tick' });
    run.send({ type: 'finished', id: 't1', outcome: 'failed' });
    expect(run.status('t3')).toBe('skipped');
    expect(run.started(run.land('t4'))).toEqual(['t2']);
  });
});

describe('dispatcher: tasks joining a run', () => {
  it('runs a task added mid-run as soon as it can', () => {
    const run = setup([t('a', { files: ['x/**'] })], { maxParallel: 2 });
    run.send({ type: 'tick' });
    expect(run.started(run.send({ type: 'addTask', task: t('free') }))).toEqual(['free']);
    expect(run.started(run.send({ type: 'addTask', task: t('after', { dependsOn: ['a'] }) }))).toEqual([]);
    expect(run.started(run.send({ type: 'addTask', task: t('locked', { files: ['x/y.ts'] }) }))).toEqual([]);
    run.send({ type: 'finished', id: 'free', outcome: 'empty' });
    expect(run.started(run.land('a'))).toEqual(['after', 'locked']);
  });

  it('skips a joining task whose dependency already failed, and refuses a duplicate or unknown dependency', () => {
    const run = setup([t('a')]);
    run.send({ type: 'tick' });
    run.send({ type: 'finished', id: 'a', outcome: 'failed' });
    expect(run.send({ type: 'addTask', task: t('b', { dependsOn: ['a'] }) })).toEqual([
      { type: 'skip', id: 'b', status: 'skipped', reason: 'dependency a failed' },
      { type: 'done' },
    ]);
    const duplicate = run.dispatcher.handle({ type: 'addTask', task: t('a') });
    expect(!duplicate.ok && duplicate.error.code).toBe('DUPLICATE_TASK');
    const unknown = run.dispatcher.handle({ type: 'addTask', task: t('c', { dependsOn: ['nope'] }) });
    expect(!unknown.ok && unknown.error.code).toBe('UNKNOWN_DEPENDENCY');
    expect(run.dispatcher.snapshot().tasks.map((task) => task.id)).toEqual(['a', 'b']);
  });

  it('emits done again when a task joins a finished run and ends', () => {
    const run = setup([t('a')]);
    run.send({ type: 'tick' });
    expect(run.land('a')).toContainEqual({ type: 'done' });
    expect(run.started(run.send({ type: 'addTask', task: t('b') }))).toEqual(['b']);
    expect(run.land('b')).toContainEqual({ type: 'done' });
  });

  it('places a joining task in the first fitting wave under the waves strategy', () => {
    const run = setup([t('a', { files: ['x/**'] }), t('b', { dependsOn: ['a'] })], { strategy: 'waves' });
    run.send({ type: 'tick' });
    expect(run.started(run.send({ type: 'addTask', task: t('free') }))).toEqual(['free']);
    run.send({ type: 'addTask', task: t('locked', { files: ['x/1'] }) });
    run.send({ type: 'addTask', task: t('late', { dependsOn: ['b'] }) });
    const waves = Object.fromEntries(run.dispatcher.snapshot().tasks.map((task) => [task.id, task.wave]));
    expect(waves).toEqual({ a: 1, b: 2, free: 1, locked: 2, late: 3 });
  });
});

describe('dispatcher: cancel', () => {
  it('cancels a pending task and skips what depends on it', () => {
    const run = setup([t('a'), t('b', { dependsOn: ['a'] }), t('c', { dependsOn: ['b'] })]);
    run.send({ type: 'tick' });
    expect(run.send({ type: 'cancel', id: 'b' })).toEqual([
      { type: 'skip', id: 'b', status: 'cancelled', reason: 'cancelled by the user' },
      { type: 'skip', id: 'c', status: 'skipped', reason: 'dependency b was cancelled' },
    ]);
  });

  it('kills a running task once, then records the cancel when its agent exits', () => {
    const run = setup([t('a'), t('b', { dependsOn: ['a'] })]);
    run.send({ type: 'tick' });
    expect(run.send({ type: 'cancel', id: 'a' })).toEqual([{ type: 'kill', id: 'a' }]);
    expect(run.send({ type: 'cancel', id: 'a' })).toEqual([]);
    expect(run.send({ type: 'finished', id: 'a', outcome: 'cancelled' })).toEqual([
      { type: 'skip', id: 'b', status: 'skipped', reason: 'dependency a was cancelled' },
      { type: 'done' },
    ]);
    expect(run.dispatcher.snapshot().tasks[0]).toMatchObject({ status: 'cancelled', reason: 'cancelled by the user' });
  });

  it('refuses to cancel a task that is merging or has ended', () => {
    const run = setup([t('a'), t('b')]);
    run.send({ type: 'tick' });
    run.send({ type: 'finished', id: 'a', outcome: 'success' });
    const merging = run.dispatcher.handle({ type: 'cancel', id: 'a' });
    expect(!merging.ok && merging.error.message).toContain('merging');
    run.send({ type: 'finished', id: 'b', outcome: 'failed' });
    const ended = run.dispatcher.handle({ type: 'cancel', id: 'b' });
    expect(!ended.ok && ended.error.code).toBe('INVALID_TRANSITION');
  });

  it('cancels the run: pending tasks end cancelled, agents are killed, merges finish, nothing new starts', () => {
    const run = setup([t('a'), t('b'), t('c'), t('d')], { maxParallel: 2 });
    run.send({ type: 'tick' });
    run.send({ type: 'finished', id: 'a', outcome: 'success' });
    expect(run.send({ type: 'cancel' })).toEqual([
      { type: 'kill', id: 'b' },
      { type: 'kill', id: 'c' },
      { type: 'skip', id: 'd', status: 'cancelled', reason: 'the run was cancelled' },
    ]);
    expect(run.started(run.send({ type: 'merged', id: 'a' }))).toEqual([]);
    const add = run.dispatcher.handle({ type: 'addTask', task: t('e') });
    expect(!add.ok && add.error.code).toBe('RUN_CANCELLED');
    run.send({ type: 'finished', id: 'b', outcome: 'cancelled' });
    expect(run.send({ type: 'finished', id: 'c', outcome: 'cancelled' })).toEqual([{ type: 'done' }]);
    expect(run.dispatcher.snapshot().tasks.map((task) => task.status)).toEqual(['merged', 'cancelled', 'cancelled', 'cancelled']);
  });
});

describe('dispatcher: resource hold', () => {
  it('holds back new starts while running, never the first agent, and says why', () => {
    const run = setup([t('a'), t('b'), t('c')], { maxParallel: 3 });
    expect(run.started(run.send({ type: 'resources', hold: 'memory' }))).toEqual(['a']);
    expect(run.started(run.send({ type: 'tick' }))).toEqual([]);
    const snapshot = run.dispatcher.snapshot();
    expect(snapshot.holdReason).toBe('waiting: memory');
    expect(snapshot.tasks.find((task) => task.id === 'b')?.blockedBy).toEqual({ kind: 'resources', hold: 'memory' });
    expect(run.started(run.send({ type: 'finished', id: 'a', outcome: 'empty' }))).toEqual(['b']);
    expect(run.started(run.send({ type: 'resources', hold: null }))).toEqual(['c']);
    expect(run.dispatcher.snapshot().holdReason).toBeNull();
  });

  it('does not claim a hold when slots are full anyway', () => {
    const run = setup([t('a'), t('b')], { maxParallel: 1 });
    run.send({ type: 'tick' });
    run.send({ type: 'resources', hold: 'cpu' });
    const snapshot = run.dispatcher.snapshot();
    expect(snapshot.holdReason).toBeNull();
    expect(snapshot.tasks.find((task) => task.id === 'b')?.blockedBy).toEqual({ kind: 'slot' });
  });
});

describe('dispatcher: end of run', () => {
  it('says done once for an empty plan and for a plan already done', () => {
    const empty = setup([]);
    expect(empty.send({ type: 'tick' })).toEqual([{ type: 'done' }]);
    expect(empty.send({ type: 'tick' })).toEqual([]);
    const done = setup([t('a', { status: 'done' })]);
    expect(done.send({ type: 'tick' })).toEqual([{ type: 'done' }]);
  });

  it('records when each agent started and ended on the injected clock', () => {
    const run = setup([t('a')]);
    run.advance(100);
    run.send({ type: 'tick' });
    run.advance(50);
    run.send({ type: 'started', id: 'a' });
    run.advance(1000);
    run.land('a');
    expect(run.dispatcher.snapshot().tasks[0]).toMatchObject({ startedAt: 150, endedAt: 1150, status: 'merged' });
  });
});
