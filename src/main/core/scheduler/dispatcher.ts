import type { PlanTask } from '../../../shared/plan/plan';
import { err, ok, type Result } from '../../../shared/result';
import { DEFAULT_MAX_PARALLEL } from '../../../shared/limits';
import { isFinal, type Strategy, type TaskStatus } from '../../../shared/run/taskStatus';
import { LockTable } from '../locks/lockTable';
import { remainingPathMs, type Durations } from '../plan/criticalPath';
import { TaskGraph } from '../plan/taskGraph';
import type {
  Blocker,
  DispatchAction,
  DispatcherErrorCode,
  DispatcherSnapshot,
  DispatchEvent,
  DispatchTask,
  ResourceHold,
} from './dispatchEvents';
import { runHoldOf } from './runHoldOf';
import { GroupGate, type GroupSet } from './groupGate';
import { WaveBarrier } from './waveBarrier';

/**
 * The dispatcher: a pure state machine over events (see dispatchEvents.ts) with an injected clock, so the
 * executor drives it with real agents and the simulation with virtual time. It starts a task when all its
 * dependencies are merged (or empty, or done before the run), its locks are free and a slot is free, the
 * one with the longest remaining critical path first. Locks are held from start to the final outcome,
 * because a merged change is what the next holder must see. The `waves` strategy (a barrier after each
 * wave) is kept for comparison.
 */


export interface DispatcherOptions {
  tasks: readonly PlanTask[];
  strategy?: Strategy;
  maxParallel?: number;
  /** Measured durations of earlier runs (ms by task id), for tasks without `estimateSec`. */
  durations?: Durations;
  /** A task's group for the per-group limits (its agent profile id); every task in one group when absent. */
  groupOf?: (task: PlanTask) => string;
  /** Most agents of a group at once ("at most 2 claude-code"). */
  groupCaps?: ReadonlyMap<string, number>;
  /** Groups whose first session starts alone (see groupGate.ts). */
  serializeFirstStart?: GroupSet;
  now: () => number;
}

export interface Dispatcher {
  /** Applies one event and returns what to do next. An event that does not fit changes nothing. */
  handle(event: DispatchEvent): Result<DispatchAction[], DispatcherErrorCode>;
  snapshot(): DispatcherSnapshot;
}

/** Statuses that let dependents go ahead. */
const SATISFIED: readonly TaskStatus[] = ['merged', 'empty'];

const FAILURE_WORDS: Partial<Record<TaskStatus, string>> = {
  failed: 'failed',
  conflict: 'had a merge conflict',
  cancelled: 'was cancelled',
};

export function createDispatcher(options: DispatcherOptions): Result<Dispatcher, DispatcherErrorCode> {
  const maxParallel = options.maxParallel ?? DEFAULT_MAX_PARALLEL;
  if (!Number.isInteger(maxParallel) || maxParallel < 1) {
    return err('INVALID_MAX_PARALLEL', `maxParallel must be a whole number of at least 1, not ${maxParallel}.`, { where: 'maxParallel' });
  }
  const graph = TaskGraph.build(options.tasks);
  if (!graph.ok) return graph;
  for (const [group, cap] of options.groupCaps ?? []) {
    if (!Number.isInteger(cap) || cap < 1) {
      return err('INVALID_MAX_PARALLEL', `The cap of ${group} must be a whole number of at least 1, not ${cap}.`, { where: group });
    }
  }
  const gate = new GroupGate({
    now: options.now,
    ...(options.groupCaps ? { caps: options.groupCaps } : {}),
    ...(options.serializeFirstStart ? { serializeFirstStart: options.serializeFirstStart } : {}),
  });
  const groupOf = options.groupOf ?? (() => '');
  return ok(new DispatcherMachine(graph.value, options.strategy ?? 'eager', maxParallel, options.durations, options.now, gate, groupOf));
}

interface TaskState {
  status: TaskStatus;
  reason: string | null;
  wave: number | null;
  startedAt: number | null;
  endedAt: number | null;
  /** Dependencies not yet merged or empty. */
  waitingOn: number;
  killRequested: boolean;
}

class DispatcherMachine implements Dispatcher {
  private readonly states: TaskState[] = [];
  private readonly locks = new LockTable();
  /** Pending tasks whose dependencies are all satisfied, by plan index. */
  private readonly ready = new Set<number>();
  private running = 0;
  private hold: ResourceHold | null = null;
  private cancelling = false;
  private doneEmitted = false;
  private remaining: number[] | null = null;
  /** Why the run's budget stops every new start, or null. */
  private budgetReached: string | null = null;
  /** Rate-limited tasks back in `pending`: they kept their locks and start again without taking them. */
  private readonly keepsLocks = new Set<number>();
  private readonly barrier: WaveBarrier;

  constructor(
    private readonly graph: TaskGraph<PlanTask>,
    private readonly strategy: Strategy,
    private readonly maxParallel: number,
    private readonly durations: Durations | undefined,
    private readonly now: () => number,
    private readonly gate: GroupGate,
    private readonly groupOf: (task: PlanTask) => string,
  ) {
    this.barrier = new WaveBarrier(graph, durations, {
      status: (index) => (this.states[index] as TaskState).status,
      wave: (index) => (this.states[index] as TaskState).wave,
    });
    for (let index = 0; index < graph.size; index++) {
      const done = graph.task(index).status === 'done';
      this.states.push({
        status: done ? 'merged' : 'pending',
        reason: done ? 'marked done in the plan' : null,
        wave: this.barrier.waveByIndex.get(index) ?? null,
        startedAt: null,
        endedAt: null,
        waitingOn: graph.deps(index).filter((dep) => graph.task(dep).status !== 'done').length,
        killRequested: false,
      });
    }
    this.states.forEach((state, index) => {
      if (state.status === 'pending' && state.waitingOn === 0) this.ready.add(index);
    });
  }

  handle(event: DispatchEvent): Result<DispatchAction[], DispatcherErrorCode> {
    const actions: DispatchAction[] = [];
    const applied = this.apply(event, actions);
    if (!applied.ok) return applied;
    actions.push(...this.schedule());
    if (this.states.every((state) => isFinal(state.status))) {
      if (!this.doneEmitted) actions.push({ type: 'done' });
      this.doneEmitted = true;
    }
    return ok(actions);
  }

  private apply(event: DispatchEvent, actions: DispatchAction[]): Result<void, DispatcherErrorCode> {
    switch (event.type) {
      case 'tick':
        return ok(undefined);
      case 'resources':
        this.hold = event.hold;
        return ok(undefined);
      case 'budget':
        this.budgetReached = event.reached;
        return ok(undefined);
      case 'agentReady': {
        const index = this.graph.indexOf(event.id);
        if (index !== undefined) this.gate.ready(this.group(index), event.id);
        return ok(undefined);
      }
      case 'addTask':
        return this.addTask(event.task, actions);
      case 'cancel':
        return event.id === undefined ? ok(this.cancelRun(actions)) : this.cancelTask(event.id, actions);
      default:
        break;
    }
    const index = this.graph.indexOf(event.id);
    if (index === undefined) return err('UNKNOWN_TASK', `No task "${event.id}" in this run.`, { where: event.id });
    const state = this.states[index] as TaskState;
    const expected: TaskStatus = event.type === 'started' || event.type === 'finished' || event.type === 'rateLimited' ? 'running' : 'merging';
    if (state.status !== expected) {
      return err('INVALID_TRANSITION', `Task "${event.id}" is ${state.status}, so "${event.type}" does not apply (it must be ${expected}).`, {
        where: event.id,
      });
    }
    switch (event.type) {
      case 'started':
        state.startedAt = this.now();
        break;
      case 'rateLimited':
        this.running--;
        this.gate.ended(this.group(index), event.id);
        this.gate.rateLimited(this.group(index), event.id, event.until);
        state.status = 'pending';
        state.reason = event.reason;
        state.killRequested = false;
        this.keepsLocks.add(index);
        this.ready.add(index);
        this.remaining = null;
        break;
      case 'finished':
        this.running--;
        this.gate.ended(this.group(index), event.id);
        state.endedAt = this.now();
        if (event.outcome === 'success') state.status = 'merging';
        else if (event.outcome === 'empty') this.finish(index, 'empty', null, actions);
        else if (event.outcome === 'failed') this.finish(index, 'failed', event.reason ?? 'the agent failed', actions);
        else this.finish(index, 'cancelled', event.reason ?? this.cancelReason(state), actions);
        break;
      case 'merged':
        this.finish(index, 'merged', null, actions);
        break;
      case 'conflict':
        this.finish(index, 'conflict', event.reason ?? 'merge conflict', actions);
        break;
      case 'verifyFailed':
        this.finish(index, 'failed', event.reason ?? 'verify failed on the merged result', actions);
        break;
    }
    return ok(undefined);
  }

  /** A final outcome: locks go, dependents either move closer to ready or are skipped. */
  private finish(index: number, status: TaskStatus, reason: string | null, actions: DispatchAction[]): void {
    const state = this.states[index] as TaskState;
    // Leaving `pending` without starting changes the remaining work ahead of the other pending tasks.
    if (state.status === 'pending') this.remaining = null;
    state.status = status;
    state.reason = reason;
    this.ready.delete(index);
    this.keepsLocks.delete(index);
    this.gate.forget(this.group(index), this.graph.task(index).id);
    this.locks.release(this.graph.task(index).id);
    if (SATISFIED.includes(status)) {
      for (const dependent of this.graph.dependents(index)) {
        const next = this.states[dependent] as TaskState;
        next.waitingOn--;
        if (next.waitingOn === 0 && next.status === 'pending') this.ready.add(dependent);
      }
    } else {
      this.skipDependents(index, actions);
    }
  }

  /** Skips everything downstream of a task that will not land; each reason names that task. */
  private skipDependents(root: number, actions: DispatchAction[]): void {
    const rootId = this.graph.task(root).id;
    const what = `${rootId} ${FAILURE_WORDS[(this.states[root] as TaskState).status] ?? 'did not land'}`;
    const queue = [root];
    for (let head = 0; head < queue.length; head++) {
      const via = queue[head] as number;
      for (const dependent of this.graph.dependents(via)) {
        const state = this.states[dependent] as TaskState;
        if (state.status !== 'pending') continue;
        const reason = via === root ? `dependency ${what}` : `dependency ${this.graph.task(via).id} was skipped (${what})`;
        state.status = 'skipped';
        state.reason = reason;
        this.ready.delete(dependent);
        this.remaining = null;
        actions.push({ type: 'skip', id: this.graph.task(dependent).id, status: 'skipped', reason });
        queue.push(dependent);
      }
    }
  }

  private addTask(task: PlanTask, actions: DispatchAction[]): Result<void, DispatcherErrorCode> {
    if (this.cancelling) return err('RUN_CANCELLED', `Task "${task.id}" cannot join: the run is being cancelled.`, { where: task.id });
    const added = this.graph.add(task);
    if (!added.ok) return added;
    const index = added.value;
    const deps = this.graph.deps(index);
    const done = task.status === 'done';
    this.states.push({
      status: done ? 'merged' : 'pending',
      reason: done ? 'marked done in the plan' : null,
      wave: null,
      startedAt: null,
      endedAt: null,
      waitingOn: deps.filter((dep) => !SATISFIED.includes((this.states[dep] as TaskState).status)).length,
      killRequested: false,
    });
    this.doneEmitted = false;
    this.remaining = null;
    if (done) return ok(undefined);
    const state = this.states[index] as TaskState;
    const lost = deps.find((dep) => {
      const status = (this.states[dep] as TaskState).status;
      return isFinal(status) && !SATISFIED.includes(status);
    });
    if (lost !== undefined) {
      const lostState = this.states[lost] as TaskState;
      const lostId = this.graph.task(lost).id;
      state.status = 'skipped';
      state.reason =
        lostState.status === 'skipped'
          ? `dependency ${lostId} was skipped (${lostState.reason ?? 'its dependency did not land'})`
          : `dependency ${lostId} ${FAILURE_WORDS[lostState.status] ?? 'did not land'}`;
      actions.push({ type: 'skip', id: task.id, status: 'skipped', reason: state.reason });
      return ok(undefined);
    }
    if (this.strategy === 'waves') state.wave = this.barrier.join(index);
    if (state.waitingOn === 0) this.ready.add(index);
    return ok(undefined);
  }

  private cancelTask(id: string, actions: DispatchAction[]): Result<void, DispatcherErrorCode> {
    const index = this.graph.indexOf(id);
    if (index === undefined) return err('UNKNOWN_TASK', `No task "${id}" in this run.`, { where: id });
    const state = this.states[index] as TaskState;
    if (state.status === 'pending') {
      actions.push({ type: 'skip', id, status: 'cancelled', reason: 'cancelled by the user' });
      this.finish(index, 'cancelled', 'cancelled by the user', actions);
      return ok(undefined);
    }
    if (state.status === 'running') {
      if (!state.killRequested) actions.push({ type: 'kill', id });
      state.killRequested = true;
      return ok(undefined);
    }
    const why = state.status === 'merging' ? 'its agent is done and the merge queue decides its outcome' : 'it has already ended';
    return err('INVALID_TRANSITION', `Task "${id}" is ${state.status} and cannot be cancelled: ${why}.`, { where: id });
  }

  private cancelReason(state: TaskState): string {
    if (!state.killRequested) return 'the agent was stopped';
    return this.cancelling ? 'the run was cancelled' : 'cancelled by the user';
  }

  /** Cancels the run: pending tasks end as cancelled, running agents are killed, merges finish on their own. */
  private cancelRun(actions: DispatchAction[]): void {
    this.cancelling = true;
    this.states.forEach((state, index) => {
      const id = this.graph.task(index).id;
      if (state.status === 'pending') {
        state.status = 'cancelled';
        state.reason = 'the run was cancelled';
        this.ready.delete(index);
        this.keepsLocks.delete(index);
        this.gate.forget(this.group(index), id);
        this.locks.release(id);
        actions.push({ type: 'skip', id, status: 'cancelled', reason: state.reason });
      } else if (state.status === 'running' && !state.killRequested) {
        state.killRequested = true;
        actions.push({ type: 'kill', id });
      }
    });
  }

  private group(index: number): string {
    return this.groupOf(this.graph.task(index));
  }

  private schedule(): DispatchAction[] {
    if (this.cancelling) return [];
    if (this.budgetReached !== null) return this.running === 0 ? this.skipForBudget(this.budgetReached) : [];
    if (this.strategy === 'waves') this.barrier.advance();
    const candidates = [...this.ready].filter((index) => this.strategy === 'eager' || this.states[index]?.wave === this.barrier.current);
    if (candidates.length === 0) return [];
    candidates.sort(this.byUrgency());
    const actions: DispatchAction[] = [];
    for (const index of candidates) {
      if (this.running >= this.maxParallel) break;
      // The monitor never holds back the first agent: a busy machine still makes progress.
      if (this.hold && this.running > 0) break;
      const task = this.graph.task(index);
      const group = this.group(index);
      if (this.gate.blocker(group)) continue;
      if (!this.keepsLocks.delete(index) && !this.locks.acquire(task).ok) continue;
      const state = this.states[index] as TaskState;
      state.status = 'running';
      state.reason = null;
      state.startedAt = this.now();
      this.ready.delete(index);
      this.running++;
      this.gate.started(group, task.id);
      actions.push({ type: 'start', id: task.id });
    }
    return actions;
  }

  /**
   * The run's budget is spent and no agent runs any more: the tasks still waiting will never start, so
   * they end now (as skipped, with the budget as the reason) and the run can finish.
   */
  private skipForBudget(reason: string): DispatchAction[] {
    const actions: DispatchAction[] = [];
    this.states.forEach((state, index) => {
      if (state.status !== 'pending') return;
      const id = this.graph.task(index).id;
      state.status = 'skipped';
      state.reason = reason;
      this.ready.delete(index);
      this.keepsLocks.delete(index);
      this.gate.forget(this.group(index), id);
      this.locks.release(id);
      actions.push({ type: 'skip', id, status: 'skipped', reason });
    });
    this.remaining = null;
    return actions;
  }

  /** Longest remaining critical path first; then the plan's `priority` (higher first); then plan order. */
  private byUrgency(): (a: number, b: number) => number {
    const remaining = (this.remaining ??= remainingPathMs(this.graph, this.durations, (index) => this.states[index]?.status === 'pending'));
    const priority = (index: number) => this.graph.task(index).priority ?? 0;
    return (a, b) => (remaining[b] as number) - (remaining[a] as number) || priority(b) - priority(a) || a - b;
  }

  snapshot(): DispatcherSnapshot {
    const tasks: DispatchTask[] = this.states.map((state, index) => ({
      id: this.graph.task(index).id,
      status: state.status,
      reason: state.reason,
      blockedBy: state.status === 'pending' ? this.blockerOf(index) : null,
      wave: state.wave,
      startedAt: state.startedAt,
      endedAt: state.endedAt,
    }));
    let merging = 0;
    for (const state of this.states) if (state.status === 'merging') merging++;
    const held = tasks.some((task) => task.blockedBy?.kind === 'resources');
    const hold = runHoldOf(tasks);
    return {
      strategy: this.strategy,
      maxParallel: this.maxParallel,
      running: this.running,
      merging,
      hold: this.hold,
      holdReason: held && this.hold ? `waiting: ${this.hold}` : null,
      holdBlocker: hold,
      cancelling: this.cancelling,
      finished: this.states.every((state) => isFinal(state.status)),
      currentWave: this.strategy === 'waves' ? this.barrier.current : null,
      tasks,
    };
  }

  private blockerOf(index: number): Blocker | null {
    const state = this.states[index] as TaskState;
    if (this.strategy === 'waves' && state.wave !== null && state.wave > this.barrier.current) return { kind: 'wave', wave: this.barrier.current };
    const dep = this.graph.deps(index).find((candidate) => !SATISFIED.includes((this.states[candidate] as TaskState).status));
    if (dep !== undefined) return { kind: 'dependency', on: this.graph.task(dep).id };
    if (!this.keepsLocks.has(index)) {
      const check = this.locks.canAcquire(this.graph.task(index));
      if (!check.ok) return { kind: 'lock', heldBy: check.heldBy, globs: check.globs };
    }
    if (this.budgetReached !== null) return { kind: 'budget', reason: this.budgetReached };
    const group = this.gate.blocker(this.group(index));
    if (group) return group;
    if (this.running >= this.maxParallel) return { kind: 'slot' };
    if (this.hold && this.running > 0) return { kind: 'resources', hold: this.hold };
    return null;
  }
}
