import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { commitTask } from '../../git/commitTask';
import { readRepoInfo } from '../../git/repoInfo';
import { createTaskWorktree, type TaskWorktree } from '../../git/worktrees';
import { createTempRepo, makeTempDir, type TempRepo } from '../../testing/tempRepo';
import type { MergeRequest } from '../mergeQueue';

/**
 * A real repository plus a worktree folder, and a way to make finished tasks the way the executor will:
 * a worktree from the target's head, files written by "the agent", then commitTask. For merge tests.
 */
export interface MergeFixture {
  repo: TempRepo;
  commonDir: string;
  worktreeRoot: string;
  /** Creates a task worktree, writes `files` (null deletes), commits; returns the request to enqueue. */
  task(id: string, files: Record<string, string | Buffer | null>, extra?: Partial<MergeRequest>): Promise<MergeRequest & { worktreeInfo: TaskWorktree }>;
  cleanup(): Promise<void>;
}

export const RUN_ID = 'run-test';

export async function createMergeFixture(files?: Record<string, string | Buffer>): Promise<MergeFixture> {
  const repo = await createTempRepo({ files });
  const scratch = await makeTempDir('wavelane-worktrees-');
  const info = await readRepoInfo(repo.dir);
  if (!info.ok) throw new Error(info.error.message);
  const worktreeRoot = path.join(scratch, 'worktrees');
  return {
    repo,
    commonDir: info.value.commonDir,
    worktreeRoot,
    async task(id, taskFiles, extra = {}) {
      const created = await createTaskWorktree({ repo: repo.dir, root: worktreeRoot, taskId: id, target: 'main' });
      if (!created.ok) throw new Error(created.error.message);
      const worktree = created.value;
      for (const [file, content] of Object.entries(taskFiles)) {
        const target = path.join(worktree.path, file);
        if (content === null) {
          await rm(target, { force: true });
        } else {
          await mkdir(path.dirname(target), { recursive: true });
          await writeFile(target, content);
        }
      }
      const committed = await commitTask({
        worktree: worktree.path,
        branch: worktree.branch,
        base: worktree.base,
        title: `Task ${id}`,
        stamp: { taskId: id, runId: RUN_ID },
      });
      if (!committed.ok) throw new Error(committed.error.message);
      return {
        taskId: id,
        title: `Task ${id}`,
        runId: RUN_ID,
        branch: worktree.branch,
        worktree: worktree.path,
        worktreeInfo: worktree,
        ...extra,
      };
    },
    async cleanup() {
      await repo.cleanup();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
