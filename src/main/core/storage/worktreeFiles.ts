import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/*
 * Writes the core makes inside a task's worktree that are not wavelane state but the task's own files:
 * the resolved text of a conflicted file, the files a failed merge left behind, and the user's ignored
 * files (`.env`) copied in at setup. They sit here because storage/ is
 * the one folder that writes (the sole-writer rule, eslint-rules/sole-writer.js): every write the core
 * makes is found in this folder.
 */

/** A regular file's mode when the resolved file is new or was not executable. */
const REGULAR_FILE_MODE = 0o644;
/** An executable file keeps its execute bits (git records only 100755 vs 100644). */
const EXECUTABLE_FILE_MODE = 0o755;

/**
 * Replaces `file` (relative to `worktree`) with `text`: removes whatever is there first, so the write
 * never goes through a symlink one side of a merge left (it could point outside the worktree). Throws
 * with the file system's message; the caller turns it into its own typed error.
 */
export async function replaceWorktreeFile(worktree: string, file: string, text: string, executable: boolean): Promise<void> {
  const target = path.join(worktree, file);
  await mkdir(path.dirname(target), { recursive: true });
  await rm(target, { force: true });
  await writeFile(target, text, { mode: executable ? EXECUTABLE_FILE_MODE : REGULAR_FILE_MODE });
}

/** Removes one file (relative to `worktree`) if it exists: a file an undone merge created. */
export async function removeWorktreeFile(worktree: string, file: string): Promise<void> {
  await rm(path.join(worktree, file), { force: true });
}

/**
 * Copies `relative` (a file or folder the user's checkout ignores, such as `.env`) from `from` into the
 * same place in `to`, keeping symlinks as they are and never overwriting what is already there. Throws
 * with the file system's message.
 */
export async function copyIntoWorktree(from: string, to: string, relative: string): Promise<void> {
  await cp(path.join(from, relative), path.join(to, relative), {
    recursive: true,
    force: false,
    errorOnExist: false,
    verbatimSymlinks: true,
  });
}

/**
 * Deletes a worktree folder git no longer manages: one whose `git worktree add` was killed before its
 * `.git` file existed (a partial checkout of the base, no work). Never used on a worktree git lists as
 * valid: git's own `worktree remove` is the way there.
 */
export async function removeAbandonedWorktreeFolder(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
}

/**
 * Lifts the `initializing` lock of a worktree admin entry (`<common dir>/worktrees/<name>/locked`) whose
 * `git worktree add` was killed before it wrote the entry's gitdir: git has no command for an entry it
 * cannot list, and `git worktree prune` then removes it.
 */
export async function removeAbandonedWorktreeLock(adminEntry: string): Promise<void> {
  await rm(path.join(adminEntry, 'locked'), { force: true });
}
