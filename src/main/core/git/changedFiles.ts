import picomatch from 'picomatch';
import { git, type GitOutcome } from './git';

/**
 * The files a task changed: everything between the merge base of `base` and `head`, and `head`. Renames
 * are listed on both sides (old and new path), since a task that moves a file touches both places.
 */
export async function changedFiles(cwd: string, base: string, head: string): Promise<GitOutcome<string[]>> {
  const out = await git(['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', `${base}...${head}`, '--'], { cwd });
  return out.ok ? { ok: true, value: out.value.split('\0').filter(Boolean) } : out;
}

/**
 * The changed files that no glob of the task's `files` matches (dotfiles included). A task that declares
 * no `files` has no bounds, so nothing is out of them.
 */
export function outOfBounds(changed: readonly string[], globs: readonly string[] | undefined): string[] {
  if (!globs || globs.length === 0) return [];
  const matches = picomatch([...globs], { dot: true });
  return changed.filter((file) => !matches(file));
}
