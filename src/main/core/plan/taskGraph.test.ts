import { describe, expect, it } from 'vitest';
import type { PlanTask } from '../../../shared/plan/plan';
import { findCycles } from './findCycles';
import { buildTaskGraph, topologicalOrder, transitiveDependents, type TaskGraph } from './taskGraph';
import { chainTasks, randomDagTasks } from './testing/testPlans';
import { validatePlan } from './validatePlan';

const task = (id: string, dependsOn: string[] = []): PlanTask => ({ id, title: id, prompt: 'p', dependsOn });

/** Reference: repeatedly take the earliest task in plan order whose dependencies are all placed (quadratic). */
function slowTopologicalOrder(graph: TaskGraph): string[] {
  const placed = new Set<string>();
  const order: string[] = [];
  while (order.length < graph.ids.length) {
    const next = graph.ids.find((id) => !placed.has(id) && (graph.dependencies.get(id) ?? []).every((d) => placed.has(d)));
    if (next === undefined) break;
    placed.add(next);
    order.push(next);
  }
  return order;
}

function expectRespectsDependencies(graph: TaskGraph, order: string[]) {
  const position = new Map(order.map((id, i) => [id, i]));
  for (const [id, dependencies] of graph.dependencies) {
    for (const dependency of dependencies) expect(position.get(dependency)!).toBeLessThan(position.get(id)!);
  }
}

describe('buildTaskGraph', () => {
  it('maps dependencies and dependents, dropping unknown and repeated ids', () => {
    const graph = buildTaskGraph([task('a'), task('b', ['a', 'ghost', 'a']), task('c', ['a', 'b']), task('a', ['c'])]);
    expect(graph.ids).toEqual(['a', 'b', 'c']);
    expect(Object.fromEntries(graph.dependencies)).toEqual({ a: [], b: ['a'], c: ['a', 'b'] });
    expect(Object.fromEntries(graph.dependents)).toEqual({ a: ['b', 'c'], b: ['c'], c: [] });
  });

  it('keeps a self-dependency, which is a cycle', () => {
    const graph = buildTaskGraph([task('a', ['a'])]);
    expect(findCycles(graph).cycles).toEqual([['a']]);
  });
});

describe('topologicalOrder', () => {
  it('puts dependencies first and otherwise keeps plan order', () => {
    const graph = buildTaskGraph([task('ui', ['api']), task('docs'), task('api', ['db']), task('db'), task('e2e', ['ui', 'api'])]);
    expect(topologicalOrder(graph)).toEqual({ ok: true, value: ['docs', 'db', 'api', 'ui', 'e2e'] });
  });

  it('matches the plan-order reference on random graphs', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const graph = buildTaskGraph(randomDagTasks(300, 4, seed));
      const order = topologicalOrder(graph);
      expect(order.ok && order.value).toEqual(slowTopologicalOrder(graph));
    }
  });

  it('refuses a cyclic graph, naming the cycle', () => {
    const result = topologicalOrder(buildTaskGraph([task('a', ['c']), task('b', ['a']), task('c', ['b']), task('d')]));
    expect(result).toMatchObject({ ok: false, error: { code: 'DEPENDENCY_CYCLE', details: ['a -> c -> b -> a'] } });
    expect(!result.ok && result.error.message).toContain('a -> c -> b -> a');
  });
});

describe('transitiveDependents', () => {
  it('finds everything downstream, in plan order', () => {
    const graph = buildTaskGraph([task('e', ['d']), task('a'), task('b', ['a']), task('c', ['b']), task('d', ['a']), task('x')]);
    expect(transitiveDependents(graph, 'a')).toEqual(['e', 'b', 'c', 'd']);
    expect(transitiveDependents(graph, 'c')).toEqual([]);
    expect(transitiveDependents(graph, 'ghost')).toEqual([]);
  });

  it('terminates on cycles', () => {
    const graph = buildTaskGraph([task('a', ['b']), task('b', ['a']), task('c', ['a'])]);
    expect(transitiveDependents(graph, 'a')).toEqual(['b', 'c']);
  });
});

describe('large plans', () => {
  it('validates 10,000 tasks with random DAG dependencies and finds no false cycles', () => {
    const tasks = randomDagTasks(10_000, 5, 42);
    const edges = tasks.reduce((sum, t) => sum + (t.dependsOn?.length ?? 0), 0);
    expect(edges).toBeGreaterThan(20_000);
    expect(validatePlan({ version: 1, tasks })).toEqual([]);
    const graph = buildTaskGraph(tasks);
    expect(findCycles(graph)).toEqual({ cycles: [], truncated: false });
    const order = topologicalOrder(graph);
    expect(order.ok).toBe(true);
    if (order.ok) {
      expect(order.value).toHaveLength(10_000);
      expectRespectsDependencies(graph, order.value);
    }
  });

  it('handles a 10,000-long chain without overflowing the stack', () => {
    const tasks = chainTasks(10_000);
    expect(validatePlan({ version: 1, tasks })).toEqual([]);
    const graph = buildTaskGraph(tasks);
    const order = topologicalOrder(graph);
    expect(order.ok && order.value[0]).toBe('c9999');
    expect(order.ok && order.value.at(-1)).toBe('c0');
    expect(transitiveDependents(graph, 'c9999')).toHaveLength(9_999);
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
