import type { PlanTask } from '../../../shared/plan/plan';
import { err, ok, type Result } from '../../../shared/result';

/**
 * The scheduler's own view of task dependencies (plan validation lives in core/plan; the scheduler takes
 * validated tasks but still refuses a graph it cannot order, rather than looping or throwing).
 * Tasks are addressed by their plan index, which is also the tie-breaking order everywhere.
 */

const OK = ok(undefined);

export type DependencyGraphErrorCode = 'DUPLICATE_TASK' | 'UNKNOWN_DEPENDENCY' | 'DEPENDENCY_CYCLE';

export class DependencyGraph {
  private readonly taskList: PlanTask[] = [];
  private readonly indexById = new Map<string, number>();
  private readonly depList: number[][] = [];
  private readonly dependentList: number[][] = [];
  private readonly order: number[] = [];

  private constructor() {}

  /** Builds the graph of `tasks`; a duplicate id, an unknown dependency or a cycle is an error naming the tasks. */
  static build(tasks: readonly PlanTask[]): Result<DependencyGraph, DependencyGraphErrorCode> {
    const graph = new DependencyGraph();
    for (let index = 0; index < tasks.length; index++) {
      const task = tasks[index] as PlanTask;
      if (graph.indexById.has(task.id)) {
        return err('DUPLICATE_TASK', `Task id "${task.id}" is used twice (tasks[${graph.indexById.get(task.id)}] and tasks[${index}]).`, {
          where: `tasks[${index}].id`,
        });
      }
      graph.indexById.set(task.id, index);
      graph.taskList.push(task);
      graph.depList.push([]);
      graph.dependentList.push([]);
    }
    for (let index = 0; index < tasks.length; index++) {
      const linked = graph.link(index, tasks[index] as PlanTask);
      if (!linked.ok) return linked;
    }
    const sorted = graph.topologicalOrder();
    if (!sorted.ok) return sorted;
    graph.order.push(...sorted.value);
    return ok(graph);
  }

  /**
   * Adds a task after the others (a task dropped on the lane during a run). It can only depend on tasks
   * already present, so it cannot close a cycle. Nothing changes on error.
   */
  add(task: PlanTask): Result<number, DependencyGraphErrorCode> {
    if (this.indexById.has(task.id)) {
      return err('DUPLICATE_TASK', `Task id "${task.id}" is already part of this run.`, { where: `${task.id}.id` });
    }
    const unknown = (task.dependsOn ?? []).find((dep) => !this.indexById.has(dep));
    if (unknown !== undefined) {
      return err('UNKNOWN_DEPENDENCY', `Task "${task.id}" depends on "${unknown}", which is not part of this run.`, {
        where: `${task.id}.dependsOn`,
      });
    }
    const index = this.taskList.length;
    this.indexById.set(task.id, index);
    this.taskList.push(task);
    this.depList.push([]);
    this.dependentList.push([]);
    this.link(index, task);
    this.order.push(index);
    return ok(index);
  }

  get size(): number {
    return this.taskList.length;
  }

  task(index: number): PlanTask {
    return this.taskList[index] as PlanTask;
  }

  tasks(): readonly PlanTask[] {
    return this.taskList;
  }

  indexOf(id: string): number | undefined {
    return this.indexById.get(id);
  }

  /** Plan indexes this task depends on, in `dependsOn` order, without repeats. */
  deps(index: number): readonly number[] {
    return this.depList[index] ?? [];
  }

  /** Plan indexes that depend on this task, ascending (links are made in plan order). */
  dependents(index: number): readonly number[] {
    return this.dependentList[index] ?? [];
  }

  /** Every index, dependencies before dependents. */
  topological(): readonly number[] {
    return this.order;
  }

  private link(index: number, task: PlanTask): Result<void, DependencyGraphErrorCode> {
    const deps = this.depList[index] as number[];
    const dependsOn = task.dependsOn ?? [];
    for (let position = 0; position < dependsOn.length; position++) {
      const dep = dependsOn[position] as string;
      const depIndex = this.indexById.get(dep);
      if (depIndex === undefined) {
        return err('UNKNOWN_DEPENDENCY', `Task "${task.id}" depends on "${dep}", which is not a task of this plan.`, {
          where: `tasks[${index}].dependsOn[${position}]`,
        });
      }
      if (deps.includes(depIndex)) continue;
      deps.push(depIndex);
      (this.dependentList[depIndex] as number[]).push(index);
    }
    return OK;
  }

  /** Kahn's algorithm in plan order; what is left over lies on or behind a cycle, which is then traced. */
  private topologicalOrder(): Result<number[], DependencyGraphErrorCode> {
    const waiting = this.depList.map((deps) => deps.length);
    const order: number[] = [];
    for (let index = 0; index < waiting.length; index++) if (waiting[index] === 0) order.push(index);
    for (let head = 0; head < order.length; head++) {
      for (const dependent of this.dependents(order[head] as number)) {
        waiting[dependent] = (waiting[dependent] as number) - 1;
        if (waiting[dependent] === 0) order.push(dependent);
      }
    }
    if (order.length === this.taskList.length) return ok(order);
    const cycle = this.traceCycle(waiting);
    const names = cycle.map((index) => this.task(index).id);
    return err('DEPENDENCY_CYCLE', `Tasks depend on each other in a cycle: ${names.join(' -> ')} (each depends on the next).`, {
      where: `tasks[${cycle[0]}].dependsOn`,
    });
  }

  /** Walks unsatisfied dependencies from the first stuck task until a task repeats: that loop is a cycle. */
  private traceCycle(waiting: readonly number[]): number[] {
    const stuck = (index: number) => (waiting[index] as number) > 0;
    let current = waiting.findIndex((count) => count > 0);
    const seenAt = new Map<number, number>();
    const path: number[] = [];
    while (!seenAt.has(current)) {
      seenAt.set(current, path.length);
      path.push(current);
      current = this.deps(current).find(stuck) as number;
    }
    return [...path.slice(seenAt.get(current)), current];
  }
}
