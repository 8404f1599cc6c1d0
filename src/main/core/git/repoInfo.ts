import path from 'node:path';
import { err, ok, type Result } from '../../../shared/result';
import { runGit } from './git';

/** What the rest of the core needs to know about a repository, read once. */
export interface RepoInfo {
  /** Top level of the working tree the caller pointed at (absolute). */
  topLevel: string;
  /** The shared `.git` folder (absolute): locks and run state live here, common to all worktrees. */
  commonDir: string;
  /** The branch checked out at `topLevel` (short name), or null when HEAD is detached. */
  currentBranch: string | null;
}

export type RepoInfoError = 'NOT_A_REPO' | 'BARE_REPO';

/** Reads a repository's layout; changes nothing. */
export async function readRepoInfo(dir: string): Promise<Result<RepoInfo, RepoInfoError>> {
  const probe = await runGit(['rev-parse', '--path-format=absolute', '--is-bare-repository', '--show-toplevel', '--git-common-dir'], { cwd: dir });
  if (probe.code !== 0) {
    const bare = await runGit(['rev-parse', '--is-bare-repository'], { cwd: dir });
    if (bare.code === 0 && bare.stdout.trim() === 'true') return bareError(dir);
    return err('NOT_A_REPO', `${dir} is not inside a git repository (run "git init" there first)`, { where: dir });
  }
  const [isBare, topLevel, commonDir] = probe.stdout.replace(/\n$/, '').split('\n');
  if (isBare === 'true' || !topLevel || !commonDir) return bareError(dir);
  const branch = await runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: topLevel });
  return ok({
    topLevel,
    commonDir: path.resolve(topLevel, commonDir),
    currentBranch: branch.code === 0 ? branch.stdout.trim() : null,
  });
}

function bareError(dir: string) {
  return err('BARE_REPO', `${dir} is a bare git repository; Wavelane needs a repository with a working tree`, {
    where: dir,
  });
}

/** The commit a ref or revision names, or null when it names none (missing branch, unborn HEAD). */
export async function resolveCommit(cwd: string, rev: string): Promise<string | null> {
  const result = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { cwd });
  return result.code === 0 ? result.stdout.trim() : null;
}

/** `refs/heads/<name>` for a short branch name (already-full refs pass through). */
export function branchRef(branch: string): string {
  return branch.startsWith('refs/') ? branch : `refs/heads/${branch}`;
}

/** resolveCommit for many revisions in one git process (null for each that names no commit). */
export async function resolveCommits(cwd: string, revs: readonly string[]): Promise<Array<string | null>> {
  if (revs.length === 0) return [];
  // A revision with a newline would split the batch; such names are never valid refs anyway.
  if (revs.some((rev) => /[\n\r]/.test(rev))) return Promise.all(revs.map((rev) => resolveCommit(cwd, rev)));
  const result = await runGit(['cat-file', '--batch-check=%(objectname) %(objecttype)'], {
    cwd,
    input: revs.map((rev) => `${rev}^{commit}\n`).join(''),
  });
  const lines = result.stdout.split('\n');
  return revs.map((_, index) => {
    const match = /^([0-9a-f]{40,64}) commit$/.exec(lines[index] ?? '');
    return match ? match[1]! : null;
  });
}
