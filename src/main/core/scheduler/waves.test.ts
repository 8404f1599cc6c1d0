import { describe, expect, it } from 'vitest';
import type { PlanTask } from '../../../shared/plan/plan';
import { computeWaves, findConflicts } from './waves';
import { testTask as t } from './testTask';

function preview(tasks: PlanTask[]) {
  const result = computeWaves(tasks);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('computeWaves', () => {
  it('computes the spec example exactly, with critical path and conflicts', () => {
    const result = preview([t('t1', { files: ['a/**'] }), t('t2', { files: ['a/**'] }), t('t3', { dependsOn: ['t1'] }), t('t4')]);
    expect(result.waves).toEqual([
      ['t1', 't4'],
      ['t2', 't3'],
    ]);
    expect(result.criticalPath).toEqual(['t1', 't3']);
    expect(result.reasons).toEqual({
      t2: { kind: 'lock', heldBy: 't1', globs: ['a/**'] },
      t3: { kind: 'dependency', on: 't1' },
    });
    expect(findConflicts(result)).toEqual([{ task: 't2', with: 't1', globs: ['a/**'] }]);
  });

  it('only lets a task in once all its dependencies sit in earlier waves', () => {
    const result = preview([t('a'), t('b', { dependsOn: ['a'] }), t('c', { dependsOn: ['a', 'b'] }), t('d', { dependsOn: ['c'] })]);
    expect(result.waves).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(result.reasons['c']).toEqual({ kind: 'dependency', on: 'b' });
  });

  it('keeps plan order within a wave, even when a dependency appears later in the plan', () => {
    const result = preview([t('late', { dependsOn: ['early'] }), t('z'), t('early')]);
    expect(result.waves).toEqual([['z', 'early'], ['late']]);
  });

  it('pushes a chain of conflicting tasks one wave each, naming the last blocker', () => {
    const result = preview([t('a', { files: ['src/**'] }), t('b', { files: ['src/x.ts'] }), t('c', { reads: ['src/y.ts'] }), t('d', { reads: ['src/**'] })]);
    expect(result.waves).toEqual([['a'], ['b', 'c'], ['d']]);
    expect(result.reasons['b']).toEqual({ kind: 'lock', heldBy: 'a', globs: ['src/**'] });
    expect(result.reasons['d']).toEqual({ kind: 'lock', heldBy: 'b', globs: ['src/x.ts'] });
    const chain = preview([t('a', { files: ['s/**'] }), t('b', { files: ['s/**'] }), t('c', { files: ['s/**'] })]);
    expect(chain.waves).toEqual([['a'], ['b'], ['c']]);
    expect(chain.reasons['c']).toEqual({ kind: 'lock', heldBy: 'b', globs: ['s/**'] });
  });

  it('explains a task held by a lock after its dependency by the lock', () => {
    const result = preview([t('a'), t('w', { files: ['x/**'] }), t('b', { dependsOn: ['a'], files: ['x/**'] }), t('w2', { dependsOn: ['a'], files: ['x/y'] })]);
    expect(result.waves).toEqual([['a', 'w'], ['b'], ['w2']]);
    expect(result.reasons['b']).toEqual({ kind: 'dependency', on: 'a' });
    expect(result.reasons['w2']).toEqual({ kind: 'lock', heldBy: 'b', globs: ['x/**'] });
  });

  it('does not place tasks already done, and treats them as merged', () => {
    const result = preview([t('old', { status: 'done', files: ['a/**'] }), t('next', { dependsOn: ['old'], files: ['a/**'] })]);
    expect(result.waves).toEqual([['next']]);
    expect(result.reasons).toEqual({});
    expect(result.criticalPath).toEqual(['next']);
  });

  it('lets tasks without locks share a wave with anything', () => {
    expect(preview([t('all', { files: ['**'] }), t('free'), t('alsoFree', { files: [], reads: [] })]).waves).toEqual([['all', 'free', 'alsoFree']]);
  });

  it('returns a cycle as an error value', () => {
    const result = computeWaves([t('a', { dependsOn: ['b'] }), t('b', { dependsOn: ['a'] })]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('DEPENDENCY_CYCLE');
  });

  it('is deterministic', () => {
    const tasks = Array.from({ length: 60 }, (_, i) =>
      t(`t${i}`, { files: [`d${i % 4}/**`], dependsOn: i > 3 ? [`t${i - 3}`] : [] }),
    );
    expect(preview(tasks)).toEqual(preview(tasks.map((task) => ({ ...task }))));
  });
});
