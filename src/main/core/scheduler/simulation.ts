import type { PlanTask } from '../../../shared/plan/plan';
import { err, ok, type Result } from '../../../shared/result';
import type { Strategy, TaskStatus } from '../../../shared/run/taskStatus';
import type { Durations } from '../plan/criticalPath';
import { createDispatcher } from './dispatcher';
import type { DispatchAction, DispatcherErrorCode, DispatchEvent } from './dispatchEvents';

/**
 * Drives the dispatcher with virtual time: agents "run" for a given number of milliseconds, merges go
 * through a serialized queue, and scripted events (a task joining, a cancel, a resource hold) arrive at
 * given times. Used by the makespan benchmark and by tests that check invariants over whole runs.
 */

export type SimulatedOutcome = 'success' | 'empty' | 'failed' | 'conflict' | 'verifyFailed';

export interface SimulationOptions {
  tasks: readonly PlanTask[];
  strategy: Strategy;
  maxParallel: number;
  /** What the dispatcher knows from earlier runs (its estimates); the true times come from `runMs`. */
  durations?: Durations;
  /** How long each agent really runs, in virtual milliseconds. */
  runMs: (task: PlanTask) => number;
  outcome?: (task: PlanTask) => SimulatedOutcome;
  /** Each merge takes this long, one at a time (0: merges land the instant the agent ends). */
  mergeMs?: number;
  script?: readonly { at: number; event: DispatchEvent }[];
}

export interface SimulatedTask {
  id: string;
  status: TaskStatus;
  reason: string | null;
  /** When it was started (took its locks and a slot), when its agent ended, when it reached a final status. */
  startedAt: number | null;
  agentEndedAt: number | null;
  settledAt: number | null;
}

export interface SimulationResult {
  /** Time of the last task reaching its final status (0 when none ran). */
  makespanMs: number;
  /** Most agents running at any moment. */
  maxRunning: number;
  tasks: SimulatedTask[];
}

interface Pending {
  at: number;
  seq: number;
  event: DispatchEvent;
}

export function simulateRun(options: SimulationOptions): Result<SimulationResult, DispatcherErrorCode | 'STALLED'> {
  let clock = 0;
  const created = createDispatcher({
    tasks: options.tasks,
    strategy: options.strategy,
    maxParallel: options.maxParallel,
    durations: options.durations,
    now: () => clock,
  });
  if (!created.ok) return created;
  const dispatcher = created.value;
  const byId = new Map(options.tasks.map((task) => [task.id, task]));
  const records = new Map<string, SimulatedTask>();
  const record = (id: string): SimulatedTask => {
    let entry = records.get(id);
    if (!entry) {
      entry = { id, status: 'pending', reason: null, startedAt: null, agentEndedAt: null, settledAt: null };
      records.set(id, entry);
    }
    return entry;
  };
  const queue = new EventQueue();
  for (const scripted of options.script ?? []) {
    if (scripted.event.type === 'addTask') byId.set(scripted.event.task.id, scripted.event.task);
    queue.push(scripted.at, scripted.event);
  }
  const mergeMs = options.mergeMs ?? 0;
  let mergeFreeAt = 0;
  let running = 0;
  let maxRunning = 0;
  let finished = false;

  const act = (actions: readonly DispatchAction[]) => {
    for (const action of actions) {
      if (action.type === 'done') {
        finished = true;
      } else if (action.type === 'start') {
        const task = byId.get(action.id) as PlanTask;
        record(action.id).startedAt = clock;
        maxRunning = Math.max(maxRunning, ++running);
        const outcome = options.outcome?.(task) ?? 'success';
        const agentOutcome = outcome === 'failed' ? 'failed' : outcome === 'empty' ? 'empty' : 'success';
        queue.push(clock + Math.max(0, options.runMs(task)), { type: 'finished', id: action.id, outcome: agentOutcome });
      } else if (action.type === 'kill') {
        queue.push(clock, { type: 'finished', id: action.id, outcome: 'cancelled' });
      } else {
        record(action.id).settledAt = clock;
      }
    }
  };

  const apply = (event: DispatchEvent): Result<void, DispatcherErrorCode> => {
    // A killed agent's natural end is still queued; the kill already ended it.
    if (event.type === 'finished' && record(event.id).agentEndedAt !== null) return ok(undefined);
    const handled = dispatcher.handle(event);
    if (!handled.ok) return handled;
    if (event.type === 'merged' || event.type === 'conflict' || event.type === 'verifyFailed') record(event.id).settledAt = clock;
    if (event.type === 'finished') {
      running--;
      record(event.id).agentEndedAt = clock;
      if (event.outcome !== 'success') record(event.id).settledAt = clock;
      const task = byId.get(event.id) as PlanTask;
      if (event.outcome === 'success') {
        // One merge at a time, in the order agents finish: the merge queue is serialized.
        mergeFreeAt = Math.max(clock, mergeFreeAt) + mergeMs;
        const outcome = options.outcome?.(task) ?? 'success';
        const merge: DispatchEvent =
          outcome === 'conflict' ? { type: 'conflict', id: event.id } : outcome === 'verifyFailed' ? { type: 'verifyFailed', id: event.id } : { type: 'merged', id: event.id };
        queue.push(mergeFreeAt, merge);
      }
    }
    act(handled.value);
    return ok(undefined);
  };

  // After the scripted events at time 0, so a hold or a joining task given "from the start" counts.
  queue.push(0, { type: 'tick' });
  // Scripted events may come after a `done` (a task joining a finished run), so the queue runs dry first.
  for (let next = queue.pop(); next; next = queue.pop()) {
    clock = Math.max(clock, next.at);
    const applied = apply(next.event);
    if (!applied.ok) return applied;
  }
  if (!finished || !dispatcher.snapshot().finished) {
    const stuck = dispatcher.snapshot().tasks.filter((task) => task.status === 'pending' || task.status === 'running' || task.status === 'merging');
    return err('STALLED', `The simulated run stopped with work left: ${stuck.map((task) => `${task.id} (${task.status})`).join(', ')}.`);
  }

  for (const task of dispatcher.snapshot().tasks) {
    const entry = record(task.id);
    entry.status = task.status;
    entry.reason = task.reason;
  }
  const tasks = [...records.values()];
  const makespanMs = tasks.reduce((latest, task) => Math.max(latest, task.settledAt ?? 0), 0);
  return ok({ makespanMs, maxRunning, tasks });
}

/** A binary heap of events by time, first pushed first among equal times. */
class EventQueue {
  private readonly heap: Pending[] = [];
  private seq = 0;

  push(at: number, event: DispatchEvent): void {
    this.heap.push({ at, seq: this.seq++, event });
    let child = this.heap.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.before(child, parent)) break;
      this.swap(child, parent);
      child = parent;
    }
  }

  pop(): Pending | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (!top || !last || this.heap.length === 0) return top;
    this.heap[0] = last;
    let parent = 0;
    for (;;) {
      const left = parent * 2 + 1;
      const right = left + 1;
      let smallest = parent;
      if (left < this.heap.length && this.before(left, smallest)) smallest = left;
      if (right < this.heap.length && this.before(right, smallest)) smallest = right;
      if (smallest === parent) break;
      this.swap(parent, smallest);
      parent = smallest;
    }
    return top;
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a] as Pending;
    const y = this.heap[b] as Pending;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const x = this.heap[a] as Pending;
    this.heap[a] = this.heap[b] as Pending;
    this.heap[b] = x;
  }
}
