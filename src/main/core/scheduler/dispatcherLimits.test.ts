import { describe, expect, it } from 'vitest';
import type { PlanTask } from '../../../shared/plan/plan';
import { createDispatcher, type DispatcherOptions } from './dispatcher';
import type { DispatchAction, DispatchEvent } from './dispatchEvents';
import { FIRST_START_TIMEOUT_MS, RATE_LIMIT_STAGGER_MS } from './groupGate';
import { testTask as t } from './testTask';

/** A dispatcher whose tasks' group is their `agent`, on a hand-moved clock. */
function setup(tasks: PlanTask[], options: Partial<DispatcherOptions> = {}) {
  let clock = 1_000_000;
  const created = createDispatcher({ tasks, now: () => clock, groupOf: (task) => task.agent ?? 'shell', maxParallel: 8, ...options });
  if (!created.ok) throw new Error(created.error.message);
  const dispatcher = created.value;
  const send = (event: DispatchEvent): DispatchAction[] => {
    const result = dispatcher.handle(event);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
  const started = (actions: DispatchAction[]) => actions.filter((action) => action.type === 'start').map((action) => (action as { id: string }).id);
  const task = (id: string) => dispatcher.snapshot().tasks.find((candidate) => candidate.id === id);
  return { dispatcher, send, started, task, advance: (ms: number) => (clock += ms), clock: () => clock };
}

const claude = (id: string, fields: Partial<PlanTask> = {}) => t(id, { agent: 'claude-code', ...fields });
const codex = (id: string, fields: Partial<PlanTask> = {}) => t(id, { agent: 'codex', ...fields });

describe('dispatcher: per-group caps', () => {
  it('runs at most the cap of a group at once, and fills the other slots with other groups', () => {
    const run = setup([claude('c1'), claude('c2'), claude('c3'), codex('x1')], { groupCaps: new Map([['claude-code', 2]]) });
    expect(run.started(run.send({ type: 'tick' })).sort()).toEqual(['c1', 'c2', 'x1']);
    expect(run.task('c3')?.blockedBy).toEqual({ kind: 'groupCap', group: 'claude-code', cap: 2 });
    expect(run.dispatcher.snapshot().holdBlocker).toEqual({ kind: 'groupCap', group: 'claude-code', cap: 2 });
    // A finished agent of the group gives its place to the next one of the group.
    expect(run.started(run.send({ type: 'finished', id: 'c1', outcome: 'success' }))).toEqual(['c3']);
  });

  it('refuses a cap that is not a whole number of at least 1', () => {
    const created = createDispatcher({ tasks: [claude('c1')], now: () => 0, groupCaps: new Map([['claude-code', 0]]) });
    expect(created.ok).toBe(false);
    if (!created.ok) expect(created.error.message).toContain('claude-code');
  });
});

describe('dispatcher: first start of a group serialized', () => {
  const serialized = new Set(['claude-code']);

  it('starts the first session of a CLI alone, the rest once it printed something', () => {
    const run = setup([claude('c1'), claude('c2'), claude('c3'), codex('x1')], { serializeFirstStart: serialized });
    const first = run.started(run.send({ type: 'tick' }));
    expect(first).toContain('x1');
    const claudes = first.filter((id) => id !== 'x1');
    expect(claudes).toHaveLength(1);
    const waiting = ['c1', 'c2', 'c3'].filter((id) => id !== claudes[0]);
    expect(run.task(waiting[0] as string)?.blockedBy).toEqual({ kind: 'firstStart', group: 'claude-code', task: claudes[0] });
    expect(run.started(run.send({ type: 'tick' }))).toEqual([]);
    expect(run.started(run.send({ type: 'agentReady', id: claudes[0] as string })).sort()).toEqual(waiting.sort());
  });

  it('opens the gate when the first session stays silent past the timeout, or ends before saying anything', () => {
    const silent = setup([claude('c1'), claude('c2')], { serializeFirstStart: serialized });
    expect(silent.started(silent.send({ type: 'tick' }))).toEqual(['c1']);
    silent.advance(FIRST_START_TIMEOUT_MS - 1);
    expect(silent.started(silent.send({ type: 'tick' }))).toEqual([]);
    silent.advance(1);
    expect(silent.started(silent.send({ type: 'tick' }))).toEqual(['c2']);

    const crashed = setup([claude('c1'), claude('c2')], { serializeFirstStart: serialized });
    crashed.send({ type: 'tick' });
    expect(crashed.started(crashed.send({ type: 'finished', id: 'c1', outcome: 'failed' }))).toEqual(['c2']);
  });

  it('only gates the first session: later starts of the group go together', () => {
    const run = setup([claude('c1'), claude('c2'), claude('c3', { dependsOn: ['c1'] }), claude('c4', { dependsOn: ['c1'] })], {
      serializeFirstStart: serialized,
    });
    expect(run.started(run.send({ type: 'tick' }))).toEqual(['c1']);
    expect(run.started(run.send({ type: 'agentReady', id: 'c1' }))).toEqual(['c2']);
    run.send({ type: 'finished', id: 'c1', outcome: 'success' });
    expect(run.started(run.send({ type: 'merged', id: 'c1' })).sort()).toEqual(['c3', 'c4']);
  });

  it('never gates a group that is not serialized (a shell script has no first-run set-up)', () => {
    const run = setup([t('s1'), t('s2')], { serializeFirstStart: serialized });
    expect(run.started(run.send({ type: 'tick' }))).toEqual(['s1', 's2']);
  });
});

describe('dispatcher: rate limits', () => {
  it('puts a rate-limited task back to pending with its reason, holds its group until the reset, then restarts it', () => {
    const run = setup([claude('c1', { files: ['a/**'] }), claude('c2'), codex('x1'), t('lock', { files: ['a/b'] })], { maxParallel: 2 });
    expect(run.started(run.send({ type: 'tick' }))).toEqual(['c1', 'c2']);
    const until = run.clock() + 60_000;
    const after = run.send({ type: 'rateLimited', id: 'c1', until, reason: 'waiting: rate limited until 10:01' });
    // Its slot goes to another group; its locks stay held (its work waits in its worktree).
    expect(run.started(after)).toEqual(['x1']);
    expect(run.task('c1')).toMatchObject({ status: 'pending', reason: 'waiting: rate limited until 10:01' });
    expect(run.task('c1')?.blockedBy).toEqual({ kind: 'rateLimit', group: 'claude-code', until });
    expect(run.task('lock')?.blockedBy).toMatchObject({ kind: 'lock', heldBy: 'c1' });
    run.send({ type: 'finished', id: 'c2', outcome: 'success' });
    expect(run.started(run.send({ type: 'finished', id: 'x1', outcome: 'success' }))).toEqual([]);
    run.advance(60_000);
    expect(run.started(run.send({ type: 'tick' }))).toEqual(['c1']);
    expect(run.task('c1')).toMatchObject({ status: 'running', reason: null });
    run.send({ type: 'started', id: 'c1' });
    run.send({ type: 'finished', id: 'c1', outcome: 'success' });
    run.send({ type: 'merged', id: 'c1' });
    expect(run.task('lock')?.blockedBy).toBeNull();
  });

  it('staggers the restarts of a group after its reset', () => {
    const run = setup([claude('c1'), claude('c2'), claude('c3')]);
    run.send({ type: 'tick' });
    const until = run.clock() + 10_000;
    for (const id of ['c1', 'c2', 'c3']) run.send({ type: 'rateLimited', id, until, reason: 'rate limited' });
    run.advance(10_000);
    expect(run.started(run.send({ type: 'tick' }))).toHaveLength(1);
    run.advance(RATE_LIMIT_STAGGER_MS - 1);
    expect(run.started(run.send({ type: 'tick' }))).toEqual([]);
    run.advance(1);
    expect(run.started(run.send({ type: 'tick' }))).toHaveLength(1);
    run.advance(RATE_LIMIT_STAGGER_MS);
    expect(run.started(run.send({ type: 'tick' }))).toHaveLength(1);
    // Once every rate-limited task restarted, the group starts freely again.
    expect(run.task('c1')?.status).toBe('running');
  });

  it('lets a rate-limited task be cancelled while it waits, releasing its locks', () => {
    const run = setup([claude('c1', { files: ['a/**'] }), t('lock', { files: ['a/b'] })], { maxParallel: 1 });
    run.send({ type: 'tick' });
    run.send({ type: 'rateLimited', id: 'c1', until: run.clock() + 60_000, reason: 'rate limited' });
    const actions = run.send({ type: 'cancel', id: 'c1' });
    expect(actions).toContainEqual({ type: 'skip', id: 'c1', status: 'cancelled', reason: 'cancelled by the user' });
    expect(run.started(actions)).toEqual(['lock']);
  });
});

describe('dispatcher: run budget', () => {
  it('starts no new task once the budget is spent, says so, and skips the waiting tasks when nothing runs', () => {
    const run = setup([t('a'), t('b'), t('c')], { maxParallel: 1 });
    expect(run.started(run.send({ type: 'tick' }))).toEqual(['a']);
    const reason = 'run budget reached ($2.10 of $2.00)';
    expect(run.send({ type: 'budget', reached: reason })).toEqual([]);
    expect(run.task('b')?.blockedBy).toEqual({ kind: 'budget', reason });
    expect(run.dispatcher.snapshot().holdBlocker).toEqual({ kind: 'budget', reason });
    const actions = run.send({ type: 'finished', id: 'a', outcome: 'failed', reason: 'budget exceeded' });
    expect(actions).toContainEqual({ type: 'skip', id: 'b', status: 'skipped', reason });
    expect(actions).toContainEqual({ type: 'skip', id: 'c', status: 'skipped', reason });
    expect(actions).toContainEqual({ type: 'done' });
  });
});
