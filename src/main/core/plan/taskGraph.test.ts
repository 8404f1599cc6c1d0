import { describe, expect, it } from 'vitest';
import type { PlanTask } from '../../../shared/plan/plan';
import { findCycles } from './findCycles';
import { TaskGraph } from './taskGraph';
import { chainTasks, randomDagTasks } from './testing/testPlans';
import { validatePlan } from './validatePlan';

const task = (id: string, dependsOn: string[] = []): PlanTask => ({ id, title: id, prompt: 'p', dependsOn });
const t = (id: string, fields: Partial<PlanTask> = {}): PlanTask => ({ id, title: id, prompt: 'p', ...fields });

function dependenciesOf(graph: TaskGraph, id: string): string[] {
  return graph.deps(graph.indexOf(id)!).map((i) => graph.ids[i]!);
}

/** Reference: repeatedly take the earliest task in plan order whose dependencies are all placed (quadratic). */
function slowTopologicalOrder(graph: TaskGraph): string[] {
  const placed = new Set<string>();
  const order: string[] = [];
  while (order.length < graph.ids.length) {
    const next = graph.ids.find((id) => !placed.has(id) && dependenciesOf(graph, id).every((d) => placed.has(d)));
    if (next === undefined) break;
    placed.add(next);
    order.push(next);
  }
  return order;
}

function expectRespectsDependencies(graph: TaskGraph, order: string[]) {
  const position = new Map(order.map((id, i) => [id, i]));
  for (const id of graph.ids) {
    for (const dependency of dependenciesOf(graph, id)) expect(position.get(dependency)!).toBeLessThan(position.get(id)!);
  }
}

describe('TaskGraph.of', () => {
  it('maps dependencies and dependents, dropping unknown and repeated ids', () => {
    const graph = TaskGraph.of([task('a'), task('b', ['a', 'ghost', 'a']), task('c', ['a', 'b']), task('a', ['c'])]);
    expect(graph.ids).toEqual(['a', 'b', 'c']);
    expect(Object.fromEntries(graph.ids.map((id) => [id, dependenciesOf(graph, id)]))).toEqual({ a: [], b: ['a'], c: ['a', 'b'] });
    expect(graph.ids.map((id) => graph.dependents(graph.indexOf(id)!).map((i) => graph.ids[i]))).toEqual([['b', 'c'], ['c'], []]);
  });

  it('keeps a self-dependency, which is a cycle', () => {
    const graph = TaskGraph.of([task('a', ['a'])]);
    expect(findCycles(graph).cycles).toEqual([['a']]);
  });
});

describe('TaskGraph.topologicalOrder', () => {
  it('puts dependencies first and otherwise keeps plan order', () => {
    const graph = TaskGraph.of([task('ui', ['api']), task('docs'), task('api', ['db']), task('db'), task('e2e', ['ui', 'api'])]);
    expect(graph.topologicalOrder()).toEqual({ ok: true, value: ['docs', 'db', 'api', 'ui', 'e2e'] });
  });

  it('matches the plan-order reference on random graphs', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const graph = TaskGraph.of(randomDagTasks(300, 4, seed));
      const order = graph.topologicalOrder();
      expect(order.ok && order.value).toEqual(slowTopologicalOrder(graph));
    }
  });

  it('refuses a cyclic graph, naming the cycle', () => {
    const result = TaskGraph.of([task('a', ['c']), task('b', ['a']), task('c', ['b']), task('d')]).topologicalOrder();
    expect(result).toMatchObject({ ok: false, error: { code: 'DEPENDENCY_CYCLE', details: ['a -> c -> b -> a'] } });
    expect(!result.ok && result.error.message).toContain('a -> c -> b -> a');
  });
});

describe('TaskGraph.transitiveDependents', () => {
  it('finds everything downstream, in plan order', () => {
    const graph = TaskGraph.of([task('e', ['d']), task('a'), task('b', ['a']), task('c', ['b']), task('d', ['a']), task('x')]);
    expect(graph.transitiveDependents('a')).toEqual(['e', 'b', 'c', 'd']);
    expect(graph.transitiveDependents('c')).toEqual([]);
    expect(graph.transitiveDependents('ghost')).toEqual([]);
  });

  it('terminates on cycles', () => {
    const graph = TaskGraph.of([task('a', ['b']), task('b', ['a']), task('c', ['a'])]);
    expect(graph.transitiveDependents('a')).toEqual(['b', 'c']);
  });
});

describe('large plans', () => {
  it('validates 10,000 tasks with random DAG dependencies and finds no false cycles', () => {
    const tasks = randomDagTasks(10_000, 5, 42);
    const edges = tasks.reduce((sum, t) => sum + (t.dependsOn?.length ?? 0), 0);
    expect(edges).toBeGreaterThan(20_000);
    expect(validatePlan({ version: 1, tasks })).toEqual([]);
    const graph = TaskGraph.of(tasks);
    expect(findCycles(graph)).toEqual({ cycles: [], truncated: false });
    const order = graph.topologicalOrder();
    expect(order.ok).toBe(true);
    if (order.ok) {
      expect(order.value).toHaveLength(10_000);
      expectRespectsDependencies(graph, order.value);
    }
  });

  it('handles a 10,000-long chain without overflowing the stack', () => {
    const tasks = chainTasks(10_000);
    expect(validatePlan({ version: 1, tasks })).toEqual([]);
    const graph = TaskGraph.of(tasks);
    const order = graph.topologicalOrder();
    expect(order.ok && order.value[0]).toBe('c9999');
    expect(order.ok && order.value.at(-1)).toBe('c0');
    expect(graph.transitiveDependents('c9999')).toHaveLength(9_999);
  });

  it('reports a 10,000-long cycle once, from its first task', () => {
    const tasks = chainTasks(10_000);
    tasks[9_999]!.dependsOn = ['c0'];
    const issues = validatePlan({ version: 1, tasks });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.where).toBe('tasks[0] (c0).dependsOn');
    expect(issues[0]!.message.startsWith('dependency cycle: c0 -> c1 -> c2')).toBe(true);
    expect(issues[0]!.message.endsWith('c9998 -> c9999 -> c0')).toBe(true);
  });
});

describe('TaskGraph.build (a plan meant to run)', () => {
  it('orders dependencies before dependents and lists dependents in plan order', () => {
    const built = TaskGraph.build([t('c', { dependsOn: ['a', 'b'] }), t('a'), t('b', { dependsOn: ['a', 'a'] })]);
    if (!built.ok) throw new Error(built.error.message);
    const graph = built.value;
    const order = graph.topological().map((index) => graph.task(index).id);
    expect(order.indexOf('a')).toBeLessThan(order.indexOf('b'));
    expect(order.indexOf('b')).toBeLessThan(order.indexOf('c'));
    expect(graph.deps(2)).toEqual([1]);
    expect(graph.dependents(1)).toEqual([0, 2]);
  });

  it('names a duplicate id', () => {
    const built = TaskGraph.build([t('a'), t('a')]);
    expect(built.ok).toBe(false);
    if (!built.ok) expect(built.error).toMatchObject({ code: 'DUPLICATE_TASK', where: 'tasks[1].id' });
  });

  it('names an unknown dependency and where it is', () => {
    const built = TaskGraph.build([t('a'), t('b', { dependsOn: ['a', 'zz'] })]);
    expect(built.ok).toBe(false);
    if (!built.ok) {
      expect(built.error.code).toBe('UNKNOWN_DEPENDENCY');
      expect(built.error.where).toBe('tasks[1].dependsOn[1]');
      expect(built.error.message).toContain('"zz"');
    }
  });

  it('traces a cycle, including one hidden behind a task that waits on it', () => {
    const built = TaskGraph.build([t('x', { dependsOn: ['b'] }), t('a', { dependsOn: ['c'] }), t('b', { dependsOn: ['a'] }), t('c', { dependsOn: ['b'] })]);
    expect(built.ok).toBe(false);
    if (!built.ok) {
      expect(built.error.code).toBe('DEPENDENCY_CYCLE');
      expect(built.error.message).toBe('Tasks depend on each other in a cycle: a -> c -> b -> a (each depends on the next).');
      expect(built.error.where).toBe('tasks[1].dependsOn');
    }
  });

  it('reports a task that depends on itself as a cycle', () => {
    const built = TaskGraph.build([t('a', { dependsOn: ['a'] })]);
    expect(!built.ok && built.error.message).toContain('a -> a');
  });

  it('adds a task during a run, refusing duplicates and unknown dependencies without changing anything', () => {
    const built = TaskGraph.build([t('a')]);
    if (!built.ok) throw new Error(built.error.message);
    const graph = built.value;
    expect(graph.add(t('a')).ok).toBe(false);
    const unknown = graph.add(t('b', { dependsOn: ['nope'] }));
    expect(!unknown.ok && unknown.error.code).toBe('UNKNOWN_DEPENDENCY');
    expect(graph.size).toBe(1);
    expect(graph.add(t('b', { dependsOn: ['a'] }))).toEqual({ ok: true, value: 1 });
    expect(graph.dependents(0)).toEqual([1]);
    expect(graph.topological()).toEqual([0, 1]);
  });
});
