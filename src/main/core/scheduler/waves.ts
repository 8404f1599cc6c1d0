import type { WavePreview, WaveReason } from '../../../shared/board/board';
import type { PlanTask } from '../../../shared/plan/plan';
import { ok, type Result } from '../../../shared/result';
import { conflictingGlobs, lockSetOf } from '../locks/lockOverlap';
import { LockTable, type PreparedLocks } from '../locks/lockTable';
import { criticalPath, type Durations } from '../plan/criticalPath';
import { TaskGraph, type TaskGraphError } from '../plan/taskGraph';

/**
 * The wave preview (the lanes users see). Deterministic: wave 1 takes the tasks without dependencies in plan
 * order, skipping any that conflicts with a task already placed in the wave; wave k+1 takes the tasks whose
 * dependencies all sit in waves 1..k, by the same rule. Tasks with `status: 'done'` are not placed and count
 * as merged. It is a preview, not a barrier: the dispatcher starts tasks as soon as they can run.
 */

/** A task pushed to a later wave by a lock, as `wavelane plan --json` lists it. */
export interface LockConflict {
  task: string;
  with: string;
  globs: string[];
}

export function computeWaves(
  tasks: readonly PlanTask[],
  options: { durations?: Durations } = {},
): Result<WavePreview, TaskGraphError> {
  const graph = TaskGraph.build(tasks);
  if (!graph.ok) return graph;
  return ok(wavesOfGraph(graph.value, options.durations));
}

/**
 * Waves of an already built graph. A reason is recorded for every task after wave 1: the one that kept it
 * out of the wave before its own (a lock held by a task placed there first, or a dependency placed there).
 *
 * A task a lock keeps out is checked again in every following wave until it fits, so the work grows with
 * (tasks + deferrals); each check reads a few nodes of the lock table (see bench/planning.bench.ts).
 */
export function wavesOfGraph(graph: TaskGraph<PlanTask>, durations?: Durations): WavePreview {
  const size = graph.size;
  const isDone = (index: number) => graph.task(index).status === 'done';
  const waveOf = new Int32Array(size);
  const firstCandidateWave = new Int32Array(size);
  /** The task placed first in the wave before that kept this one out (its globs are worked out only if needed). */
  const lastBlocker = new Array<string | undefined>(size);
  const waitingOn = new Int32Array(size);
  let candidates: number[] = [];
  for (let index = 0; index < size; index++) {
    if (isDone(index)) continue;
    let waiting = 0;
    for (const dep of graph.deps(index)) if (!isDone(dep)) waiting++;
    waitingOn[index] = waiting;
    if (waiting === 0) candidates.push(index);
  }

  const waves: string[][] = [];
  const reasons: Record<string, WaveReason> = {};
  const table = new LockTable();
  const prepared = graph.tasks().map((task) => table.prepare(task));
  for (let wave = 1; candidates.length > 0; wave++) {
    table.clear();
    const placed: number[] = [];
    const deferred: number[] = [];
    for (const index of candidates) {
      if (firstCandidateWave[index] === 0) firstCandidateWave[index] = wave;
      const blocker = table.tryAcquirePrepared(prepared[index] as PreparedLocks);
      if (blocker === null) {
        placed.push(index);
      } else {
        deferred.push(index);
        lastBlocker[index] = blocker;
      }
    }
    const freed: number[] = [];
    for (const index of placed) {
      waveOf[index] = wave;
      if (wave > 1) reasons[graph.task(index).id] = reasonFor(index, wave);
      for (const dependent of graph.dependents(index)) {
        const waiting = (waitingOn[dependent] as number) - 1;
        waitingOn[dependent] = waiting;
        if (waiting === 0) freed.push(dependent);
      }
    }
    waves.push(placed.map((index) => graph.task(index).id));
    candidates = mergeSorted(deferred, freed.sort((a, b) => a - b));
  }

  function reasonFor(index: number, wave: number): WaveReason {
    const blocker = lastBlocker[index];
    if ((firstCandidateWave[index] as number) < wave && blocker !== undefined) {
      const holder = graph.task(graph.indexOf(blocker) as number);
      return { kind: 'lock', heldBy: holder.id, globs: conflictingGlobs(lockSetOf(holder), lockSetOf(graph.task(index))) };
    }
    const dep = graph.deps(index).find((candidate) => waveOf[candidate] === wave - 1) as number;
    return { kind: 'dependency', on: graph.task(dep).id };
  }

  return { waves, reasons, criticalPath: criticalPath(graph, durations) };
}

/** Tasks a lock pushed to a later wave, in preview order, with the task and globs in their way. */
export function findConflicts(preview: WavePreview): LockConflict[] {
  const conflicts: LockConflict[] = [];
  for (const id of preview.waves.flat()) {
    const reason = preview.reasons[id];
    if (reason?.kind === 'lock') conflicts.push({ task: id, with: reason.heldBy, globs: reason.globs });
  }
  return conflicts;
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const merged: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && (a[i] as number) < (b[j] as number))) merged.push(a[i++] as number);
    else merged.push(b[j++] as number);
  }
  return merged;
}
