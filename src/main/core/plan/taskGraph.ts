import type { PlanTask } from '../../../shared/plan/plan';
import { err, ok, type Result } from '../../../shared/result';
import { findCycles, formatCycle } from './findCycles';
import { IndexHeap } from './indexHeap';

/** The fields of a task the graph needs, so callers can pass tasks of any richer shape. */
export type GraphTask = Pick<PlanTask, 'id' | 'dependsOn'>;

export type TaskGraphError = 'DUPLICATE_TASK' | 'UNKNOWN_DEPENDENCY' | 'DEPENDENCY_CYCLE';

/**
 * The one dependency graph of a plan's tasks, used by validation, import, the wave preview, the critical
 * path and the dispatcher. An edge goes from a task to a task it depends on. Nodes are numbered in plan
 * order (the tie-breaking order everywhere), and every algorithm over the graph is linear (or n log n)
 * and iterative, so a 10,000-long chain cannot overflow the stack.
 *
 * Two ways in: `TaskGraph.of` reads any plan (validation reports its problems: it keeps the first of a
 * repeated id, leaves out unknown dependencies, and keeps a self-dependency, which findCycles reports as
 * `a -> a`); `TaskGraph.build` takes a plan that is meant to run and refuses a duplicate, an unknown
 * dependency or a cycle with an error naming the tasks, rather than looping or throwing later.
 */
export class TaskGraph<T extends GraphTask = GraphTask> {
  private readonly taskList: T[] = [];
  private readonly idList: string[] = [];
  private readonly indexById = new Map<string, number>();
  private readonly depList: number[][] = [];
  private readonly dependentList: number[][] = [];
  /** Topological order of the nodes not on or behind a cycle; worked out once, extended by `add`. */
  private order: number[] | null = null;

  private constructor() {}

  /** The graph of any list of tasks, problems left for validatePlan to report (see the class comment). */
  static of<T extends GraphTask>(tasks: readonly T[]): TaskGraph<T> {
    const graph = new TaskGraph<T>();
    const owners: T[] = [];
    for (const task of tasks) {
      if (graph.indexById.has(task.id)) continue;
      graph.push(task);
      owners.push(task);
    }
    owners.forEach((task, index) => {
      for (const dependency of task.dependsOn ?? []) {
        const target = graph.indexById.get(dependency);
        if (target !== undefined) graph.link(index, target);
      }
    });
    return graph;
  }

  /** The graph of tasks meant to run; a duplicate id, an unknown dependency or a cycle is an error naming the tasks. */
  static build<T extends GraphTask>(tasks: readonly T[]): Result<TaskGraph<T>, TaskGraphError> {
    const graph = new TaskGraph<T>();
    for (const [index, task] of tasks.entries()) {
      const first = graph.indexById.get(task.id);
      if (first !== undefined) {
        return err('DUPLICATE_TASK', `Task id "${task.id}" is used twice (tasks[${first}] and tasks[${index}]).`, { where: `tasks[${index}].id` });
      }
      graph.push(task);
    }
    for (const [index, task] of tasks.entries()) {
      for (const [position, dependency] of (task.dependsOn ?? []).entries()) {
        const target = graph.indexById.get(dependency);
        if (target === undefined) {
          return err('UNKNOWN_DEPENDENCY', `Task "${task.id}" depends on "${dependency}", which is not a task of this plan.`, {
            where: `tasks[${index}].dependsOn[${position}]`,
          });
        }
        graph.link(index, target);
      }
    }
    if (graph.topological().length < graph.size) {
      const cycle = findCycles(graph, 1).cycles[0] ?? [];
      return err('DEPENDENCY_CYCLE', `Tasks depend on each other in a cycle: ${formatCycle(cycle)} (each depends on the next).`, {
        where: `tasks[${graph.indexById.get(cycle[0] ?? '') ?? 0}].dependsOn`,
      });
    }
    return ok(graph);
  }

  /**
   * Adds a task after the others (a task dropped on the lane during a run). It can only depend on tasks
   * already present, so it cannot close a cycle. Nothing changes on error.
   */
  add(task: T): Result<number, TaskGraphError> {
    if (this.indexById.has(task.id)) {
      return err('DUPLICATE_TASK', `Task id "${task.id}" is already part of this run.`, { where: `${task.id}.id` });
    }
    const unknown = (task.dependsOn ?? []).find((dependency) => !this.indexById.has(dependency));
    if (unknown !== undefined) {
      return err('UNKNOWN_DEPENDENCY', `Task "${task.id}" depends on "${unknown}", which is not part of this run.`, {
        where: `${task.id}.dependsOn`,
      });
    }
    const index = this.push(task);
    for (const dependency of task.dependsOn ?? []) this.link(index, this.indexById.get(dependency) as number);
    this.order?.push(index);
    return ok(index);
  }

  get size(): number {
    return this.taskList.length;
  }

  /** Task ids in plan order (a repeated id only once, for `of`). */
  get ids(): readonly string[] {
    return this.idList;
  }

  /** What each node waits on, by node index: known tasks only, each once, in the order the task lists them. */
  get edges(): readonly (readonly number[])[] {
    return this.depList;
  }

  /** The nodes that wait on each node, ascending. */
  get reverseEdges(): readonly (readonly number[])[] {
    return this.dependentList;
  }

  task(index: number): T {
    return this.taskList[index] as T;
  }

  tasks(): readonly T[] {
    return this.taskList;
  }

  indexOf(id: string): number | undefined {
    return this.indexById.get(id);
  }

  /** Indexes this task depends on, in `dependsOn` order, without repeats. */
  deps(index: number): readonly number[] {
    return this.depList[index] ?? [];
  }

  /** Indexes that depend on this task, ascending. */
  dependents(index: number): readonly number[] {
    return this.dependentList[index] ?? [];
  }

  /**
   * Every index after everything it depends on; among tasks ready at the same point the earliest in the
   * plan goes first, so the order is stable and reads like the plan. Nodes on or behind a cycle are left
   * out (a built graph has none).
   */
  topological(): readonly number[] {
    this.order ??= this.sortTopologically();
    return this.order;
  }

  /** The task ids in topological order, or the cycles that prevent one. */
  topologicalOrder(): Result<string[], 'DEPENDENCY_CYCLE'> {
    const order = this.topological();
    if (order.length === this.size) return ok(order.map((index) => this.idList[index] as string));
    const described = findCycles(this).cycles.map(formatCycle);
    return err('DEPENDENCY_CYCLE', `The tasks depend on each other in a cycle: ${described[0] ?? 'unknown'}`, { details: described });
  }

  /** Every task that waits, directly or through others, on `id`, in plan order (`id` itself excluded). */
  transitiveDependents(id: string): string[] {
    const start = this.indexById.get(id);
    if (start === undefined) return [];
    const reached = new Uint8Array(this.size);
    reached[start] = 1;
    const queue = [start];
    const found: number[] = [];
    for (let head = 0; head < queue.length; head++) {
      for (const dependent of this.dependents(queue[head] as number)) {
        if (reached[dependent]) continue;
        reached[dependent] = 1;
        queue.push(dependent);
        found.push(dependent);
      }
    }
    return found.sort((a, b) => a - b).map((node) => this.idList[node] as string);
  }

  private push(task: T): number {
    const index = this.taskList.length;
    this.indexById.set(task.id, index);
    this.taskList.push(task);
    this.idList.push(task.id);
    this.depList.push([]);
    this.dependentList.push([]);
    return index;
  }

  /** `from` depends on `to`; a repeat is ignored. Links are made in plan order, so dependents stay ascending. */
  private link(from: number, to: number): void {
    const deps = this.depList[from] as number[];
    if (deps.includes(to)) return;
    deps.push(to);
    (this.dependentList[to] as number[]).push(from);
  }

  /** Kahn's algorithm with the earliest ready task first. */
  private sortTopologically(): number[] {
    const waiting = this.depList.map((targets) => targets.length);
    const ready = new IndexHeap();
    waiting.forEach((count, node) => {
      if (count === 0) ready.push(node);
    });
    const order: number[] = [];
    for (let node = ready.pop(); node !== undefined; node = ready.pop()) {
      order.push(node);
      for (const dependent of this.dependentList[node] as number[]) {
        const left = (waiting[dependent] as number) - 1;
        waiting[dependent] = left;
        if (left === 0) ready.push(dependent);
      }
    }
    return order;
  }
}
