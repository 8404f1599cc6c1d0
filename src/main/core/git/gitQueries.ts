import { err, ok, type Result } from '../../../shared/result';
import { runGit, type GitErrorCode } from './git';
import { RUN_TRAILER, TASK_TRAILER } from './trailers';

/**
 * The read-only git questions recovery and cleaning ask (via git.ts, argument arrays only). Nothing here
 * changes a repository: persistence decides, and the caller acts through core/git.
 */

export type GitQueryError = GitErrorCode;

/** Git's whole stdout (trailing newline kept: some parsers split on it). */
async function query(args: string[], cwd: string): Promise<Result<string, GitQueryError>> {
  const result = await runGit(args, { cwd });
  if (result.code === 0) return ok(result.stdout);
  return err('GIT_FAILED', `git ${args.join(' ')} failed in ${cwd}: ${result.stderr.trim() || `exit ${result.code}`}`, {
    where: cwd,
  });
}

/** The commit a ref points at, or null when there is no such ref. */
export async function resolveCommit(repoDir: string, ref: string): Promise<Result<string | null, GitQueryError>> {
  const args = ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`];
  const result = await runGit(args, { cwd: repoDir });
  if (result.code === 0) return ok(result.stdout.trim());
  if (result.code === 1) return ok(null);
  return err('GIT_FAILED', `Cannot resolve ${ref} in ${repoDir}: ${result.stderr.trim()}`, { where: repoDir });
}

/**
 * True when `commit` is reachable from `ref`; false when it is not, or when the commit no longer exists in the
 * repository (then it certainly is not on the target).
 */
export async function isReachable(repoDir: string, commit: string, ref: string): Promise<Result<boolean, GitQueryError>> {
  const result = await runGit(['merge-base', '--is-ancestor', commit, ref], { cwd: repoDir });
  if (result.code === 0) return ok(true);
  if (result.code === 1) return ok(false);
  const exists = await resolveCommit(repoDir, commit);
  if (exists.ok && exists.value === null) return ok(false);
  return err('GIT_FAILED', `Cannot tell whether ${commit} is on ${ref} in ${repoDir}: ${result.stderr.trim()}`, {
    where: repoDir,
  });
}

/** How many commits of `tip` are not on `ref` (the work a deletion would lose). */
export async function commitsNotOn(
  repoDir: string,
  tip: string,
  ref: string | null,
): Promise<Result<number, GitQueryError>> {
  const args = ref ? ['rev-list', '--count', tip, '--not', ref, '--'] : ['rev-list', '--count', tip, '--'];
  const out = await query(args, repoDir);
  return out.ok ? ok(Number(out.value.trim())) : out;
}

/** How many commits of `tip` no local branch or tag holds (what removing a detached checkout would orphan). */
export async function commitsOnNoBranch(repoDir: string, tip: string): Promise<Result<number, GitQueryError>> {
  const out = await query(['rev-list', '--count', tip, '--not', '--branches', '--tags', '--'], repoDir);
  return out.ok ? ok(Number(out.value.trim())) : out;
}

/** Paths with uncommitted changes in a checkout, untracked included, ignored files not (as a task commit sees it). */
export async function uncommittedChanges(worktree: string): Promise<Result<string[], GitQueryError>> {
  const out = await query(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignore-submodules=none'], worktree);
  if (!out.ok) return out;
  const paths: string[] = [];
  const fields = out.value.split('\0');
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index] as string;
    if (field.length < 4) continue;
    paths.push(field.slice(3));
    // A rename or copy is followed by its source path in its own field.
    if (field[0] === 'R' || field[0] === 'C') index++;
  }
  return ok(paths.sort());
}

/**
 * Merge commits on the first-parent line of `ref` since `since` whose trailers name this run, by task id: the
 * proof that a task landed even if the process died before recording it.
 */
export async function landedMerges(
  repoDir: string,
  runId: string,
  since: string,
  ref: string,
): Promise<Result<Map<string, string>, GitQueryError>> {
  const trailer = (key: string) => `%(trailers:key=${key},valueonly,unfold,separator=%x2C)`;
  const format = `%H%x00${trailer(TASK_TRAILER)}%x00${trailer(RUN_TRAILER)}%x1e`;
  const out = await query(['log', '--first-parent', `--format=${format}`, `${since}..${ref}`, '--'], repoDir);
  if (!out.ok) return out;
  const landed = new Map<string, string>();
  for (const record of out.value.split('\x1e')) {
    const [commit, tasks, runs] = record.trim().split('\0');
    if (!commit || !tasks || !runs) continue;
    if (!runs.split(',').some((value) => value.trim() === runId)) continue;
    for (const task of tasks.split(',')) {
      const id = task.trim();
      // Newest first: the latest merge of a task is the one that counts.
      if (id && !landed.has(id)) landed.set(id, commit);
    }
  }
  return ok(landed);
}
