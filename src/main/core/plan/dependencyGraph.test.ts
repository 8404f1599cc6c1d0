import { describe, expect, it } from 'vitest';
import { DependencyGraph } from './dependencyGraph';
import { testTask as t } from '../scheduler/testTask';

describe('DependencyGraph', () => {
  it('orders dependencies before dependents and lists dependents in plan order', () => {
    const built = DependencyGraph.build([t('c', { dependsOn: ['a', 'b'] }), t('a'), t('b', { dependsOn: ['a', 'a'] })]);
    if (!built.ok) throw new Error(built.error.message);
    const graph = built.value;
    const order = graph.topological().map((index) => graph.task(index).id);
    expect(order.indexOf('a')).toBeLessThan(order.indexOf('b'));
    expect(order.indexOf('b')).toBeLessThan(order.indexOf('c'));
    expect(graph.deps(2)).toEqual([1]);
    expect(graph.dependents(1)).toEqual([0, 2]);
  });

  it('names a duplicate id', () => {
    const built = DependencyGraph.build([t('a'), t('a')]);
    expect(built.ok).toBe(false);
    if (!built.ok) expect(built.error).toMatchObject({ code: 'DUPLICATE_TASK', where: 'tasks[1].id' });
  });

  it('names an unknown dependency and where it is', () => {
    const built = DependencyGraph.build([t('a'), t('b', { dependsOn: ['a', 'zz'] })]);
    expect(built.ok).toBe(false);
    if (!built.ok) {
      expect(built.error.code).toBe('UNKNOWN_DEPENDENCY');
      expect(built.error.where).toBe('tasks[1].dependsOn[1]');
      expect(built.error.message).toContain('"zz"');
    }
  });

  it('traces a cycle, including one hidden behind a task that waits on it', () => {
    const built = DependencyGraph.build([t('x', { dependsOn: ['b'] }), t('a', { dependsOn: ['c'] }), t('b', { dependsOn: ['a'] }), t('c', { dependsOn: ['b'] })]);
    expect(built.ok).toBe(false);
    if (!built.ok) {
      expect(built.error.code).toBe('DEPENDENCY_CYCLE');
      expect(built.error.message).toContain('b -> a -> c -> b');
    }
  });

  it('reports a task that depends on itself as a cycle', () => {
    const built = DependencyGraph.build([t('a', { dependsOn: ['a'] })]);
    expect(!built.ok && built.error.message).toContain('a -> a');
  });

  it('adds a task during a run, refusing duplicates and unknown dependencies without changing anything', () => {
    const built = DependencyGraph.build([t('a')]);
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
