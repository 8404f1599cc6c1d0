import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { mustGit } from '../../testing/tempRepo';
import { createMergeFixture, RUN_ID, type MergeFixture } from '../../merge/testing/taskFixture';
import type { MergeRequest } from '../../merge/mergeOutcome';
import type { TaskWorktree } from '../../git/worktrees';
import type { FileResolution } from '../../../../shared/conflicts/conflict';
import type { OpenedConflict } from '../openConflict';
import type { StoredFile } from '../../storage/resolutionStore';
import type { TaskConflictOptions } from '../taskConflict';

/** A change on one side: new content, a deletion (null), or a rename to another path. */
export type Change = string | Buffer | null | { renameTo: string };

/**
 * Test support: a real repository whose task (in its own worktree, committed the way the executor does)
 * conflicts with commits that landed on `main` meanwhile. Not used by production code.
 */
export interface ConflictFixture {
  fx: MergeFixture;
  request: MergeRequest & { worktreeInfo: TaskWorktree };
  worktree: string;
  branch: string;
  /** Commits `changes` on main in the main checkout (the target receiving work while the task ran). */
  land(changes: Record<string, Change>, message?: string): Promise<string>;
  options(extra?: Partial<TaskConflictOptions>): TaskConflictOptions;
  cleanup(): Promise<void>;
}

export async function createConflictFixture(input: {
  base: Record<string, string | Buffer>;
  /** The task's work. Renames are written as delete + add (git detects them). */
  task: Record<string, Change>;
  /** What lands on main after the task started, one commit per entry. */
  target: Array<Record<string, Change>>;
  taskId?: string;
}): Promise<ConflictFixture> {
  const fx = await createMergeFixture(input.base);
  const taskId = input.taskId ?? 't1';
  const taskFiles: Record<string, string | Buffer | null> = {};
  for (const [file, change] of Object.entries(input.task)) {
    if (isRename(change)) {
      taskFiles[change.renameTo] = await readFile(path.join(fx.repo.dir, file));
      taskFiles[file] = null;
    } else {
      taskFiles[file] = change;
    }
  }
  const request = await fx.task(taskId, taskFiles);
  const land = async (changes: Record<string, Change>, message = 'target work') => {
    for (const [file, change] of Object.entries(changes)) {
      if (change === null) await fx.repo.git('rm', '-q', '--', file);
      else if (isRename(change)) await fx.repo.git('mv', '--', file, change.renameTo);
      else await fx.repo.write(file, change);
    }
    await fx.repo.git('add', '-A');
    await fx.repo.git('commit', '-q', '-m', message);
    return fx.repo.git('rev-parse', 'HEAD');
  };
  for (const changes of input.target) await land(changes);
  return {
    fx,
    request,
    worktree: request.worktree!,
    branch: request.branch,
    land,
    options: (extra = {}) => ({
      repo: fx.repo.dir,
      commonDir: fx.commonDir,
      worktree: request.worktree!,
      branch: request.branch,
      target: 'main',
      task: { id: taskId, title: `Task ${taskId}`, prompt: 'Do the task', runId: RUN_ID },
      ...extra,
    }),
    cleanup: () => fx.cleanup(),
  };
}

function isRename(change: Change): change is { renameTo: string } {
  return change !== null && typeof change === 'object' && !Buffer.isBuffer(change);
}

/** Everything Abort must leave as it was: HEAD, index, status, every file's bytes, refs, merge state. */
export interface CheckoutSnapshot {
  head: string;
  index: string;
  status: string;
  files: Record<string, string>;
  refs: string;
  merging: boolean;
}

export async function snapshotCheckout(dir: string): Promise<CheckoutSnapshot> {
  const run = (...args: string[]) => mustGit(args, { cwd: dir });
  const gitDir = await run('rev-parse', '--absolute-git-dir');
  return {
    head: await run('rev-parse', 'HEAD'),
    index: await run('ls-files', '-s'),
    status: await run('status', '--porcelain=v1', '--untracked-files=all'),
    files: await readTree(dir),
    refs: await run('for-each-ref', '--format=%(refname) %(objectname)'),
    merging: existsSync(path.join(gitDir, 'MERGE_HEAD')),
  };
}

async function readTree(root: string, dir = root, out: Record<string, string> = {}): Promise<Record<string, string>> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === '.git') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await readTree(root, full, out);
    else out[path.relative(root, full)] = (await readFile(full)).toString('base64');
  }
  return out;
}

/** Store entries for `choices`, made against the versions `opened` found (as the dialog would save them). */
export function resolutionsFor(
  opened: OpenedConflict,
  choices: Record<string, FileResolution>,
  by: 'user' | 'agent' = 'user',
): Map<string, StoredFile> {
  const stored = new Map<string, StoredFile>();
  for (const [file, resolution] of Object.entries(choices)) {
    const stages = opened.stages.get(file);
    if (!stages) throw new Error(`${file} is not conflicted`);
    stored.set(file, { resolution, resolvedBy: by, agent: by === 'agent' ? 'fixer' : null, stages });
  }
  return stored;
}
