import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../../../shared/result';
import { runGit } from '../git/git';
import { commitIdentityEnv } from '../git/identity';
import { branchRef } from '../git/repoInfo';
import { blobText } from '../git/blobs';
import { checkNoMarkers } from './checkResolution';
import { markerLinesOf } from './conflictMarkers';
import { sameStages, type PathStages, type StageEntry } from './conflictStages';
import type { StoredFile } from '../storage/resolutionStore';
import { replaceWorktreeFile } from '../storage/worktreeFiles';
import { resolutionMessage, type SettledFile } from './resolutionMessage';
import { LITERAL_PATHS, mergeTargetIntoWorktree, restoreWorktree } from './worktreeMerge';

export interface CompleteResolutionInput {
  worktree: string;
  /** The task branch (short name), checked out in the worktree. */
  branch: string;
  /** The target branch (short name): its CURRENT head is merged. */
  target: string;
  taskId: string;
  runId: string;
  /** How each conflicted path was settled, and against which versions (see ResolutionStore). */
  resolutions: Iterable<[string, StoredFile]>;
  /** Extra environment for the commit (tests isolate the user's config with it). */
  gitEnv?: Record<string, string>;
}

export interface CompletedResolution {
  /** The merge commit: the task branch's new head (parents: the old head, then the target's head). */
  commit: string;
  taskHead: string;
  targetCommit: string;
  /** Paths written from a resolution. */
  resolved: string[];
  /** Resolved paths that the current target no longer conflicts on: git's own merge of them was kept. */
  notNeeded: string[];
}

export type CompleteResolutionError = 'NOT_FOUND' | 'NOT_A_CONFLICT' | 'INVALID_RESOLUTION' | 'UNRESOLVED' | 'BUSY' | 'GIT_FAILED';

type Failure = { ok: false; error: { code: CompleteResolutionError; message: string; where?: string; details?: string[] } };

/** git's mode of an executable file: the resolved file keeps its execute bits. */
const EXECUTABLE_MODE = '100755';

/**
 * Commits the resolution on the task branch as a merge of the target into it, in the task's worktree:
 * `git merge --no-ff --no-commit <target>` (the target as it is NOW), each conflicted path written from
 * its resolution, then a two-parent commit (task head, target head) with who resolved what. Every path
 * that conflicts now must have a resolution made against exactly its current versions; otherwise, or on
 * any failure, the merge is undone and the worktree and branch are exactly as before.
 *
 * The commit is made with plumbing (write-tree, commit-tree, compare-and-swap update-ref), as commitTask
 * does: the repository's commit hooks are for people at a terminal.
 */
export async function completeResolution(input: CompleteResolutionInput): Promise<Result<CompletedResolution, CompleteResolutionError>> {
  const { worktree, branch, target } = input;
  const merge = await mergeTargetIntoWorktree({ worktree, branch, target });
  if (!merge.ok) return merge;
  if (merge.value.status === 'clean') {
    return err('NOT_A_CONFLICT', `${branch} now merges into ${target} without conflicts; queue it again as it is`, { where: branch });
  }
  const { head, targetCommit, stages } = merge.value;
  const undo = async (failure: Failure): Promise<Failure> => {
    const restored = await restoreWorktree(worktree, branch, head);
    if (restored.ok) return failure;
    return err(failure.error.code, `${failure.error.message}; and the worktree could not be restored: ${restored.error.message}`, {
      where: worktree,
    });
  };

  const resolutions = new Map(input.resolutions);
  const unresolved: string[] = [];
  const changed: string[] = [];
  for (const [file, current] of stages) {
    const stored = resolutions.get(file);
    if (!stored?.resolution) unresolved.push(file);
    else if (!sameStages(stored.stages, current)) changed.push(file);
  }
  if (unresolved.length > 0 || changed.length > 0) {
    const parts = [
      unresolved.length > 0 ? `not resolved: ${unresolved.join(', ')}` : '',
      changed.length > 0 ? `changed on ${target} or the task since they were resolved: ${changed.join(', ')}` : '',
    ].filter(Boolean);
    return undo(err('UNRESOLVED', `Cannot complete the merge of ${target} into ${branch}: ${parts.join('; ')}`, {
      where: unresolved[0] ?? changed[0],
      details: [...unresolved, ...changed],
    }));
  }

  const settled: SettledFile[] = [];
  for (const [file, current] of stages) {
    const stored = resolutions.get(file)!;
    const resolution = stored.resolution!;
    const chosen = resolution.kind === 'ours' ? current.ours : resolution.kind === 'theirs' ? current.theirs : null;
    const written =
      resolution.kind === 'content'
        ? await writeContent(worktree, file, resolution.text, current)
        : chosen
          ? await takeVersion(worktree, file, chosen)
          : await deletePath(worktree, file);
    if (!written.ok) return undo(written);
    settled.push({ path: file, resolution, resolvedBy: stored.resolvedBy, agent: stored.agent ?? null, exists: resolution.kind === 'content' || chosen !== null });
  }

  const left = await runGit(['diff', '--name-only', '--diff-filter=U', '-z'], { cwd: worktree });
  const leftFiles = left.stdout.split('\0').filter(Boolean);
  if (left.code !== 0 || leftFiles.length > 0) {
    return undo(err('UNRESOLVED', `Files are still unmerged in ${worktree}: ${leftFiles.join(', ') || left.stderr.trim()}`, {
      where: leftFiles[0] ?? worktree,
      details: leftFiles,
    }));
  }
  const tree = await runGit(['write-tree'], { cwd: worktree });
  if (tree.code !== 0) return undo(err('GIT_FAILED', `git write-tree failed in ${worktree}: ${tree.stderr.trim()}`, { where: worktree }));
  const env = await commitIdentityEnv(worktree, input.gitEnv);
  const message = resolutionMessage({ target, stamp: { taskId: input.taskId, runId: input.runId }, files: settled });
  const made = await runGit(['commit-tree', tree.stdout.trim(), '-p', head, '-p', targetCommit, '-F', '-'], { cwd: worktree, env, input: message });
  if (made.code !== 0) return undo(err('GIT_FAILED', `Could not commit the resolution in ${worktree}: ${made.stderr.trim()}`, { where: worktree }));
  const commit = made.stdout.trim();
  // Compare-and-swap: if anything moved the task branch meanwhile, nothing is overwritten.
  const moved = await runGit(['update-ref', '-m', `wavelane: resolve conflicts of task ${input.taskId}`, branchRef(branch), commit, head], {
    cwd: worktree,
  });
  if (moved.code !== 0) return undo(err('GIT_FAILED', `Could not move ${branch} to the resolution: ${moved.stderr.trim()}`, { where: worktree }));
  // The index and files already are the new commit; only the merge state is left to drop.
  const quit = await runGit(['merge', '--quit'], { cwd: worktree });
  if (quit.code !== 0) await restoreWorktree(worktree, branch, commit);
  const notNeeded = [...resolutions].filter(([file, stored]) => stored.resolution && !stages.has(file)).map(([file]) => file);
  return ok({ commit, taskHead: head, targetCommit, resolved: [...stages.keys()], notNeeded });
}

async function takeVersion(worktree: string, file: string, entry: StageEntry): Promise<Result<null, CompleteResolutionError>> {
  // A stage-0 entry replaces the path's unmerged entries; checkout-index then writes it (filters, mode, symlink).
  const staged = await runGit(['update-index', '--cacheinfo', `${entry.mode},${entry.oid},${file}`], { cwd: worktree });
  if (staged.code !== 0) return err('GIT_FAILED', `Could not stage the chosen version of ${file}: ${staged.stderr.trim()}`, { where: file });
  const safe = await checkInside(worktree, file);
  if (!safe.ok) return safe;
  const written = await runGit(['checkout-index', '--force', '--', file], { cwd: worktree });
  if (written.code !== 0) return err('GIT_FAILED', `Could not write the chosen version of ${file}: ${written.stderr.trim()}`, { where: file });
  return ok(null);
}

async function deletePath(worktree: string, file: string): Promise<Result<null, CompleteResolutionError>> {
  const removed = await runGit(['rm', '--quiet', '--force', '--ignore-unmatch', '--', file], { cwd: worktree, env: LITERAL_PATHS });
  if (removed.code !== 0) return err('GIT_FAILED', `Could not delete ${file}: ${removed.stderr.trim()}`, { where: file });
  return ok(null);
}

async function writeContent(worktree: string, file: string, text: string, current: PathStages): Promise<Result<null, CompleteResolutionError>> {
  const allowed = markerLinesOf(await blobText(worktree, current.ours?.oid), await blobText(worktree, current.theirs?.oid));
  const clean = checkNoMarkers(file, text, allowed);
  if (!clean.ok) return clean;
  const safe = await checkInside(worktree, file);
  if (!safe.ok) return safe;
  try {
    // Never writes through whatever is there (a symlink from one side could point outside the worktree).
    await replaceWorktreeFile(worktree, file, text, (current.theirs ?? current.ours)?.mode === EXECUTABLE_MODE);
  } catch (error) {
    return err('GIT_FAILED', `Could not write ${file} in ${worktree}: ${(error as Error).message}`, { where: file });
  }
  const added = await runGit(['add', '--force', '--', file], { cwd: worktree, env: LITERAL_PATHS });
  if (added.code !== 0) return err('GIT_FAILED', `Could not stage ${file}: ${added.stderr.trim()}`, { where: file });
  return ok(null);
}

/** The folder a path lands in must be inside the worktree (git never records such a path; a symlinked folder could). */
async function checkInside(worktree: string, file: string): Promise<Result<null, CompleteResolutionError>> {
  const root = await realpath(worktree);
  let dir = path.dirname(path.join(root, file));
  // The deepest folder that exists decides where the file would land.
  for (;;) {
    const info = await lstat(dir).catch(() => null);
    if (info) break;
    dir = path.dirname(dir);
  }
  const real = await realpath(dir);
  if (real !== root && !real.startsWith(root + path.sep)) {
    return err('INVALID_RESOLUTION', `${file} would be written outside the worktree ${worktree} (through ${dir})`, { where: file });
  }
  return ok(null);
}
