import { describe, expect, it } from 'vitest';
import type { PlanTask } from '../../../shared/plan/plan';
import { criticalPath, DEFAULT_ESTIMATE_MS, estimateMs, remainingPathMs } from './criticalPath';
import { TaskGraph } from './taskGraph';

const t = (id: string, fields: Partial<PlanTask> = {}): PlanTask => ({ id, title: id, prompt: `do ${id}`, ...fields });

function graphOf(tasks: PlanTask[]): TaskGraph<PlanTask> {
  const built = TaskGraph.build(tasks);
  if (!built.ok) throw new Error(built.error.message);
  return built.value;
}

describe('estimateMs', () => {
  it('prefers estimateSec, then the last measured duration, then 1 s', () => {
    const measured = new Map([['a', 4200], ['b', 4200]]);
    expect(estimateMs(t('a', { estimateSec: 90 }), measured)).toBe(90_000);
    expect(estimateMs(t('b'), measured)).toBe(4200);
    expect(estimateMs(t('c'), measured)).toBe(DEFAULT_ESTIMATE_MS);
    expect(DEFAULT_ESTIMATE_MS).toBe(1000);
  });
});

describe('critical path', () => {
  it('follows the longest chain of estimates, not the longest chain of tasks', () => {
    const graph = graphOf([
      t('a', { estimateSec: 1 }),
      t('b', { estimateSec: 1, dependsOn: ['a'] }),
      t('c', { estimateSec: 1, dependsOn: ['b'] }),
      t('long', { estimateSec: 10 }),
      t('after', { estimateSec: 1, dependsOn: ['long'] }),
    ]);
    expect(criticalPath(graph)).toEqual(['long', 'after']);
    expect(remainingPathMs(graph)).toEqual([3000, 2000, 1000, 11_000, 1000]);
  });

  it('uses measured durations for tasks without an estimate', () => {
    const graph = graphOf([t('a'), t('b', { dependsOn: ['a'] }), t('slow')]);
    expect(criticalPath(graph)).toEqual(['a', 'b']);
    expect(criticalPath(graph, new Map([['slow', 60_000]]))).toEqual(['slow']);
  });

  it('breaks ties by plan order and leaves out tasks already done', () => {
    const graph = graphOf([t('x', { status: 'done' }), t('p', { dependsOn: ['x'] }), t('q', { dependsOn: ['x'] })]);
    expect(criticalPath(graph)).toEqual(['p']);
    expect(remainingPathMs(graph)[0]).toBe(0);
  });

  it('is empty for an empty plan', () => {
    expect(criticalPath(graphOf([]))).toEqual([]);
  });
});
