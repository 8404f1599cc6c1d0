import { describe, expect, it } from 'vitest';
import { planTask } from '../testing/boardFixtures';
import { filterByObjective } from './filterByObjective';

describe('filterByObjective', () => {
  const tasks = {
    a: planTask('a', { objective: 'auth' }),
    b: planTask('b'),
    c: planTask('c', { objective: 'auth' }),
    d: planTask('d', { objective: 'billing' }),
  };

  it('keeps only the tasks of the objective, in order', () => {
    expect(filterByObjective(['d', 'c', 'b', 'a'], tasks, 'auth')).toEqual(['c', 'a']);
  });

  it('returns the same list when no filter is set', () => {
    const ids = ['a', 'b'];
    expect(filterByObjective(ids, tasks, null)).toBe(ids);
  });

  it('drops ids without a task', () => {
    expect(filterByObjective(['ghost', 'd'], tasks, 'billing')).toEqual(['d']);
  });
});
