import { describe, expect, it } from 'vitest';
import { runTask } from '../testing/boardFixtures';
import { terminalCandidates, terminalLayout } from './terminalLayout';

describe('terminal layout', () => {
  it('has a pane for every task that has had an agent, working ones first', () => {
    const tasks = [
      runTask('waiting', 'pending'),
      runTask('failed', 'failed'),
      runTask('busy', 'running'),
      runTask('retrying', 'pending', { attempts: 1 }),
      runTask('landing', 'merging'),
    ];
    expect(terminalCandidates(tasks)).toEqual(['busy', 'landing', 'failed', 'retrying']);
  });

  it('shows up to the grid size, recently focused first, the rest as tabs, all in candidate order', () => {
    const candidates = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(terminalLayout(candidates, [], 4)).toEqual({ grid: ['a', 'b', 'c', 'd'], tabs: ['e', 'f'] });
    expect(terminalLayout(candidates, ['f', 'gone'], 4)).toEqual({ grid: ['a', 'b', 'c', 'f'], tabs: ['d', 'e'] });
    expect(terminalLayout(candidates, ['f', 'e'], 4)).toEqual({ grid: ['a', 'b', 'e', 'f'], tabs: ['c', 'd'] });
    expect(terminalLayout(['a'], ['a'], 4)).toEqual({ grid: ['a'], tabs: [] });
  });
});
