import type { PlanTask } from '../../../shared/plan/plan';
import { err, ok, type Result } from '../../../shared/result';
import { findCycles, formatCycle } from './findCycles';
import { IndexHeap } from './indexHeap';

/** The fields of a task the graph needs, so callers can pass tasks of any richer shape. */
export type GraphTask = Pick<PlanTask, 'id' | 'dependsOn'>;

/**
 * The dependency graph of a plan's tasks. An edge goes from a task to a task it depends on. Built for
 * plans of tens of thousands of tasks: nodes are numbered in plan order and every algorithm over the
 * graph is linear (or n log n) and iterative, so a 10,000-long chain cannot overflow the stack.
 */
export interface TaskGraph {
  /** Task ids in plan order; a repeated id keeps its first occurrence only (validatePlan reports the repeat). */
  readonly ids: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** What each task waits on: known tasks only, each once, in the order the task lists them. */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
  /** The tasks that wait on each task, in plan order. */
  readonly dependents: ReadonlyMap<string, readonly string[]>;
  /** `dependencies` by node index, for the algorithms. */
  readonly edges: readonly (readonly number[])[];
  /** `dependents` by node index. */
  readonly reverseEdges: readonly (readonly number[])[];
}

/**
 * Builds the graph. A dependency on an id that is not a task is left out (validatePlan reports it); a
 * task that depends on itself keeps that edge, which findCycles reports as `a -> a`.
 */
export function buildTaskGraph(tasks: readonly GraphTask[]): TaskGraph {
  const ids: string[] = [];
  const indexOf = new Map<string, number>();
  const owners: GraphTask[] = [];
  for (const task of tasks) {
    if (indexOf.has(task.id)) continue;
    indexOf.set(task.id, ids.length);
    ids.push(task.id);
    owners.push(task);
  }
  const edges: number[][] = [];
  const reverseEdges: number[][] = ids.map(() => []);
  for (const [from, task] of owners.entries()) {
    const targets: number[] = [];
    const seen = new Set<number>();
    for (const dependency of task.dependsOn ?? []) {
      const to = indexOf.get(dependency);
      if (to === undefined || seen.has(to)) continue;
      seen.add(to);
      targets.push(to);
      (reverseEdges[to] as number[]).push(from);
    }
    edges.push(targets);
  }
  const byId = (lists: number[][]) => new Map(ids.map((id, i) => [id, (lists[i] as number[]).map((j) => ids[j] as string)]));
  return { ids, indexOf, dependencies: byId(edges), dependents: byId(reverseEdges), edges, reverseEdges };
}

/**
 * Every task after everything it depends on; among tasks that are ready at the same point, the one
 * earliest in the plan goes first, so the order is stable and reads like the plan.
 */
export function topologicalOrder(graph: TaskGraph): Result<string[], 'DEPENDENCY_CYCLE'> {
  const waiting = graph.edges.map((targets) => targets.length);
  const ready = new IndexHeap();
  waiting.forEach((count, node) => {
    if (count === 0) ready.push(node);
  });
  const order: string[] = [];
  for (let node = ready.pop(); node !== undefined; node = ready.pop()) {
    order.push(graph.ids[node] as string);
    for (const dependent of graph.reverseEdges[node] as number[]) {
      const left = (waiting[dependent] as number) - 1;
      waiting[dependent] = left;
      if (left === 0) ready.push(dependent);
    }
  }
  if (order.length === graph.ids.length) return ok(order);
  const { cycles } = findCycles(graph);
  const described = cycles.map(formatCycle);
  return err('DEPENDENCY_CYCLE', `The tasks depend on each other in a cycle: ${described[0] ?? 'unknown'}`, {
    details: described,
  });
}

/** Every task that waits, directly or through others, on `id`, in plan order (`id` itself excluded). */
export function transitiveDependents(graph: TaskGraph, id: string): string[] {
  const start = graph.indexOf.get(id);
  if (start === undefined) return [];
  const reached = new Uint8Array(graph.ids.length);
  reached[start] = 1;
  const queue = [start];
  const found: number[] = [];
  for (let head = 0; head < queue.length; head++) {
    for (const dependent of graph.reverseEdges[queue[head] as number] as number[]) {
      if (reached[dependent]) continue;
      reached[dependent] = 1;
      queue.push(dependent);
      found.push(dependent);
    }
  }
  return found.sort((a, b) => a - b).map((node) => graph.ids[node] as string);
}
