import { describe, expect, it } from 'vitest';
import { boardSnapshot, planTask, runSnapshot, runTask } from '../testing/boardFixtures';
import { placeCards } from './placeCards';

describe('placeCards', () => {
  it('keeps the user order of Backlog and Run parallel when no run exists', () => {
    const columns = placeCards(boardSnapshot({ backlog: ['c', 'a'], runParallel: ['d', 'b'] }));
    expect(columns).toEqual({ backlog: ['c', 'a'], runParallel: ['d', 'b'], running: [], review: [], done: [], attention: [] });
  });

  it('places run tasks by status: pending stays on the lane, the rest follow the run', () => {
    const ids = ['p', 'r', 'rv', 'm', 'ok', 'em', 'f', 'c', 's', 'x'];
    const run = runSnapshot([
      runTask('p', 'pending'),
      runTask('r', 'running'),
      runTask('rv', 'review'),
      runTask('m', 'merging'),
      runTask('ok', 'merged'),
      runTask('em', 'empty'),
      runTask('f', 'failed'),
      runTask('c', 'conflict'),
      runTask('s', 'skipped'),
      runTask('x', 'cancelled'),
    ]);
    const columns = placeCards(boardSnapshot({ backlog: ['b'], runParallel: ids, run }));
    expect(columns.backlog).toEqual(['b']);
    expect(columns.runParallel).toEqual(['p']);
    expect(columns.running).toEqual(['r', 'm']);
    expect(columns.review).toEqual(['rv']);
    expect(columns.done).toEqual(['ok', 'em']);
    expect(columns.attention).toEqual(['f', 'c', 's', 'x']);
  });

  it('orders the run columns by the run, not by the lane', () => {
    const run = runSnapshot([runTask('b', 'running'), runTask('a', 'running')]);
    expect(placeCards(boardSnapshot({ runParallel: ['a', 'b'], run })).running).toEqual(['b', 'a']);
  });

  it('shows a task dropped on the lane during a run on the lane until the run picks it up', () => {
    const run = runSnapshot([runTask('a', 'running')]);
    const columns = placeCards(boardSnapshot({ runParallel: ['a', 'late'], run }));
    expect(columns.runParallel).toEqual(['late']);
    expect(columns.running).toEqual(['a']);
  });

  it('keeps a finished task the user took back to Backlog in Backlog, but a running one in Running', () => {
    const run = runSnapshot([runTask('done', 'merged'), runTask('busy', 'running')], { state: 'finished' });
    const columns = placeCards(boardSnapshot({ backlog: ['done', 'busy'], run }));
    expect(columns.backlog).toEqual(['done']);
    expect(columns.running).toEqual(['busy']);
  });

  it('keeps a task waiting for review in Review until it is decided, wherever the board lists it', () => {
    const run = runSnapshot([runTask('wait', 'review'), runTask('gone', 'cancelled')]);
    const columns = placeCards(boardSnapshot({ backlog: ['wait', 'gone'], run }));
    expect(columns.review).toEqual(['wait']);
    expect(columns.backlog).toEqual(['gone']);
  });

  it('moves a card from Review to Running while its follow-up runs, and back', () => {
    const snapshot = (status: 'review' | 'running' | 'merging' | 'merged') =>
      boardSnapshot({ runParallel: ['t'], run: runSnapshot([runTask('t', status)]) });
    expect(placeCards(snapshot('review')).review).toEqual(['t']);
    expect(placeCards(snapshot('running')).running).toEqual(['t']);
    expect(placeCards(snapshot('review')).running).toEqual([]);
    expect(placeCards(snapshot('merging')).running).toEqual(['t']);
    expect(placeCards(snapshot('merged')).done).toEqual(['t']);
  });

  it('puts plan tasks no column names at the end of Backlog and drops ids the plan does not know', () => {
    const tasks = [planTask('a'), planTask('b'), planTask('orphan')];
    const columns = placeCards(boardSnapshot({ tasks, backlog: ['b', 'ghost'], runParallel: ['a', 'a'] }));
    expect(columns.backlog).toEqual(['b', 'orphan']);
    expect(columns.runParallel).toEqual(['a']);
  });

  it('places every one of 1,000 tasks exactly once', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `t${i}`);
    const run = runSnapshot(ids.slice(0, 300).map((id, i) => runTask(id, i % 3 === 0 ? 'running' : i % 3 === 1 ? 'merged' : 'failed')));
    const columns = placeCards(boardSnapshot({ backlog: ids.slice(500), runParallel: ids.slice(0, 500), run }));
    const all = Object.values(columns).flat();
    expect(all).toHaveLength(1000);
    expect(new Set(all).size).toBe(1000);
    expect(columns.running).toHaveLength(100);
  });
});
