import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { err, ok, type Result } from '../../../shared/result';

export type WorktreeRootError = 'WORKTREE_ROOT_INSIDE_REPO' | 'WORKTREE_ROOT_IN_TMPDIR';

/** Enough hex digits of the repository path's hash that two repositories named alike never share a folder. */
const REPO_HASH_LENGTH = 8;

/**
 * Where the worktrees of one repository live: `<dataDir>/worktrees/<basename>-<sha1(realpath)[0..8]>`,
 * or `override` (`--worktree-root`). Never inside the repository (git would see the worktrees as
 * untracked files and tools would index them twice). The default is never in the OS temp folder, which
 * is cleaned behind users' backs (with their work in it); an explicit override there is the user's call
 * (tests use it).
 */
export async function worktreeRoot(
  repoTopLevel: string,
  dataDir: string,
  override?: string | null,
): Promise<Result<string, WorktreeRootError>> {
  const repo = await realPathOfNearest(repoTopLevel);
  const root = override
    ? path.resolve(override)
    : path.join(
        path.resolve(dataDir),
        'worktrees',
        `${path.basename(repo)}-${createHash('sha1').update(repo).digest('hex').slice(0, REPO_HASH_LENGTH)}`,
      );
  const real = await realPathOfNearest(root);
  if (isInside(real, repo)) {
    return err(
      'WORKTREE_ROOT_INSIDE_REPO',
      `The worktree folder ${root} is inside the repository ${repo}; choose a folder outside it (--worktree-root)`,
      { where: root },
    );
  }
  if (!override && isInside(real, await realPathOfNearest(os.tmpdir()))) {
    return err(
      'WORKTREE_ROOT_IN_TMPDIR',
      `The worktree folder ${root} is inside the temporary folder ${os.tmpdir()}, which the system may clean with your work in it; set XDG_DATA_HOME or pass --worktree-root`,
      { where: root },
    );
  }
  return ok(root);
}

/** True when `child` is `parent` or below it (both absolute). */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** The real path of `target`, resolving symlinks through its nearest existing ancestor (it may not exist yet). */
async function realPathOfNearest(target: string): Promise<string> {
  const missing: string[] = [];
  let current = path.resolve(target);
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(target);
      missing.push(path.basename(current));
      current = parent;
    }
  }
}
