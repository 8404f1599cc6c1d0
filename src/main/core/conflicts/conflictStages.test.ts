import { describe, expect, it } from 'vitest';
import { MERGE_TREE_SIDES, parseStageEntries, sameStages, WORKTREE_SIDES } from './conflictStages';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

describe('parseStageEntries', () => {
  const entries = [`100644 ${A} 1\tdir/with\ttab.txt`, `100755 ${B} 2\tdir/with\ttab.txt`, `100644 ${C} 3\tdir/with\ttab.txt`, `100644 ${B} 3\tonly-theirs.txt`, 'garbage'];

  it('names the stages after the side that was checked out: merge-tree puts the target at stage 2', () => {
    const stages = parseStageEntries(entries, MERGE_TREE_SIDES);
    expect(stages.get('dir/with\ttab.txt')).toEqual({ base: { mode: '100644', oid: A }, ours: { mode: '100755', oid: B }, theirs: { mode: '100644', oid: C } });
    expect(stages.get('only-theirs.txt')).toEqual({ base: null, ours: null, theirs: { mode: '100644', oid: B } });
    expect(stages.size).toBe(2);
  });

  it('and a merge into the task worktree puts the task at stage 2', () => {
    const inTree = parseStageEntries(entries, MERGE_TREE_SIDES).get('dir/with\ttab.txt')!;
    const inWorktree = parseStageEntries(entries, WORKTREE_SIDES).get('dir/with\ttab.txt')!;
    expect(inWorktree).toEqual({ base: inTree.base, ours: inTree.theirs, theirs: inTree.ours });
    expect(sameStages(inTree, inWorktree)).toBe(false);
    expect(sameStages(inTree, { ...inTree })).toBe(true);
  });
});
