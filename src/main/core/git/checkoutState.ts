import { git } from './git';

/**
 * Never take git's index lock while only looking: the user may be running git in that checkout right
 * now, and a status that refreshes the index would race with them for the lock.
 */
const READ_ONLY_ENV = { GIT_OPTIONAL_LOCKS: '0' };

/**
 * The tracked files of a checkout that differ from `commit`, in the index (staged) or in the working
 * tree (modified, deleted); untracked files do not count. Empty: the checkout holds exactly `commit`'s
 * tracked content. `commit` is usually the checkout's HEAD; it differs after a crash between moving the
 * target ref and moving its checkout (see syncCheckout).
 */
export async function trackedChanges(checkout: string, commit: string): Promise<string[]> {
  const head = await git(['rev-parse', 'HEAD'], { cwd: checkout, env: READ_ONLY_ENV });
  if (head === commit) {
    // One process for the common case: status compares index to HEAD and work tree to index.
    const status = await git(['status', '--porcelain=v1', '-z', '--no-renames', '--untracked-files=no'], {
      cwd: checkout,
      env: READ_ONLY_ENV,
    });
    return unique(
      status
        .split('\0')
        .filter(Boolean)
        .map((line) => line.slice(3)),
    );
  }
  const [staged, modified] = await Promise.all([
    git(['diff', '--cached', '--name-only', '-z', '--no-renames', commit, '--'], { cwd: checkout, env: READ_ONLY_ENV }),
    git(['diff', '--name-only', '-z', '--no-renames', '--'], { cwd: checkout, env: READ_ONLY_ENV }),
  ]);
  return unique([...staged.split('\0'), ...modified.split('\0')].filter(Boolean));
}

function unique(files: string[]): string[] {
  return [...new Set(files)];
}
