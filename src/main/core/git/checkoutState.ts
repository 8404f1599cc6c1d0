import { git, type GitOutcome } from './git';

/**
 * Never take git's index lock while only looking: the user may be running git in that checkout right
 * now, and a status that refreshes the index would race with them for the lock.
 */
const READ_ONLY = '--no-optional-locks';

/**
 * The tracked files of a checkout that differ from `commit`, in the index (staged) or in the working
 * tree (modified, deleted); untracked files do not count. Empty: the checkout holds exactly `commit`'s
 * tracked content. `commit` is usually the checkout's HEAD; it differs after a crash between moving the
 * target ref and moving its checkout (see syncCheckout).
 */
export async function trackedChanges(checkout: string, commit: string): Promise<GitOutcome<string[]>> {
  const head = await git([READ_ONLY, 'rev-parse', 'HEAD'], { cwd: checkout });
  if (!head.ok) return head;
  if (head.value === commit) {
    // One process for the common case: status compares index to HEAD and work tree to index.
    const status = await git([READ_ONLY, 'status', '--porcelain=v1', '-z', '--no-renames', '--untracked-files=no'], { cwd: checkout });
    if (!status.ok) return status;
    return {
      ok: true,
      value: unique(
        status.value
          .split('\0')
          .filter(Boolean)
          .map((line) => line.slice(3)),
      ),
    };
  }
  const [staged, modified] = await Promise.all([
    git([READ_ONLY, 'diff', '--cached', '--name-only', '-z', '--no-renames', commit, '--'], { cwd: checkout }),
    git([READ_ONLY, 'diff', '--name-only', '-z', '--no-renames', '--'], { cwd: checkout }),
  ]);
  if (!staged.ok) return staged;
  if (!modified.ok) return modified;
  return { ok: true, value: unique([...staged.value.split('\0'), ...modified.value.split('\0')].filter(Boolean)) };
}

function unique(files: string[]): string[] {
  return [...new Set(files)];
}
