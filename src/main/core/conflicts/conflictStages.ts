import { runGit } from '../git/git';

// The shapes are declared where they are stored (storage/ stands below conflicts/ and must not import it).
import type { PathStages, StageEntry } from '../storage/resolutionStore';
export type { PathStages, StageEntry };

type Side = keyof PathStages;

/**
 * The index stage numbers depend on which side was checked out: `git merge-tree <target> <task>` records
 * the target as stage 2, while a merge of the target INTO the task's worktree records the task as stage 2.
 */
export const MERGE_TREE_SIDES: Readonly<Record<number, Side>> = { 1: 'base', 2: 'ours', 3: 'theirs' };
export const WORKTREE_SIDES: Readonly<Record<number, Side>> = { 1: 'base', 2: 'theirs', 3: 'ours' };

/**
 * Parses NUL-terminated `<mode> SP <oid> SP <stage> TAB <path>` entries (the conflicted-file section of
 * `merge-tree --write-tree -z`, and `ls-files -u -z`). Only the first TAB separates fields from the path.
 */
export function parseStageEntries(entries: readonly string[], sides: Readonly<Record<number, Side>>): Map<string, PathStages> {
  const byPath = new Map<string, PathStages>();
  for (const entry of entries) {
    const tab = entry.indexOf('\t');
    if (tab === -1) continue;
    const [mode, oid, stage] = entry.slice(0, tab).split(' ');
    const side = sides[Number(stage)];
    if (!mode || !oid || !side) continue;
    const path = entry.slice(tab + 1);
    const stages = byPath.get(path) ?? { base: null, ours: null, theirs: null };
    stages[side] = { mode, oid };
    byPath.set(path, stages);
  }
  return byPath;
}

/** The conflicted paths of merging `theirs` (the task) into `ours` (the target), in memory: no checkout is touched. */
export async function mergeTreeStages(cwd: string, ours: string, theirs: string): Promise<Map<string, PathStages> | null> {
  const result = await runGit(['merge-tree', '--write-tree', '-z', ours, theirs], { cwd });
  if (result.code !== 0 && result.code !== 1) return null;
  const tokens = result.stdout.split('\0');
  const end = tokens.indexOf('', 1);
  return parseStageEntries(tokens.slice(1, end === -1 ? tokens.length : end), MERGE_TREE_SIDES);
}

/** The unmerged paths of the merge in progress in a worktree (the target merged into the task). */
export async function unmergedStages(worktree: string): Promise<Map<string, PathStages> | null> {
  const result = await runGit(['ls-files', '-u', '-z'], { cwd: worktree });
  if (result.code !== 0) return null;
  return parseStageEntries(result.stdout.split('\0').filter(Boolean), WORKTREE_SIDES);
}

function sameEntry(a: StageEntry | null, b: StageEntry | null): boolean {
  return a === b || (a !== null && b !== null && a.mode === b.mode && a.oid === b.oid);
}

export function sameStages(a: PathStages, b: PathStages): boolean {
  return sameEntry(a.base, b.base) && sameEntry(a.ours, b.ours) && sameEntry(a.theirs, b.theirs);
}
