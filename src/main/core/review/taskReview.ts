import type { ChangedFile, TaskReview } from '../../../shared/conflicts/conflict';
import { err, ok, type Result } from '../../../shared/result';
import { runGit } from '../git/git';
import { branchRef, resolveCommit } from '../git/repoInfo';

export interface ReviewTaskInput {
  /** Any folder of the repository. Nothing is touched. */
  repo: string;
  taskId: string;
  title: string;
  /** The task branch (short name). */
  branch: string;
  /** What the task is compared with: its target branch, or the commit it started from. */
  base: string;
}

export type ReviewTaskError = 'NOT_FOUND' | 'GIT_FAILED';

/** The unified diff shown in Review is cut here: enough to read, small enough for one IPC message. */
export const MAX_DIFF_CHARS = 1024 * 1024;

/**
 * Every diff here: renames found, no colour, no external diff or textconv program (their output is not
 * ours to show, and they run configured commands).
 */
const DIFF_OPTIONS = ['--find-renames', '--no-color', '--no-ext-diff', '--no-textconv'];
/** Paths in the unified diff as they are (UTF-8), not octal-escaped. */
const RAW_PATHS = ['-c', 'core.quotePath=false'];

/**
 * What a finished task changed against its base: the changed files (status, lines added and deleted,
 * binary) and the unified diff, capped. The comparison starts at the merge base of the two, so commits
 * that landed on the target after the task started (or were merged into the task to resolve a conflict)
 * are not shown as the task's changes.
 */
export async function reviewTask(input: ReviewTaskInput): Promise<Result<TaskReview, ReviewTaskError>> {
  const { repo, branch } = input;
  const head = await resolveCommit(repo, branchRef(branch));
  if (!head) return err('NOT_FOUND', `The task branch ${branch} does not exist in ${repo}`, { where: branch });
  const baseCommit = (await resolveCommit(repo, branchRef(input.base))) ?? (await resolveCommit(repo, input.base));
  if (!baseCommit) return err('NOT_FOUND', `The base ${input.base} of task ${input.taskId} is neither a branch nor a commit in ${repo}`, { where: input.base });
  const mergeBase = await runGit(['merge-base', baseCommit, head], { cwd: repo });
  if (mergeBase.code !== 0) return err('GIT_FAILED', `${branch} and ${input.base} share no history in ${repo}`, { where: branch });
  const from = mergeBase.stdout.trim();
  const [numstat, nameStatus, diff] = await Promise.all([
    runGit(['diff', '--numstat', '-z', ...DIFF_OPTIONS, from, head, '--'], { cwd: repo }),
    runGit(['diff', '--name-status', '-z', ...DIFF_OPTIONS, from, head, '--'], { cwd: repo }),
    runGit([...RAW_PATHS, 'diff', ...DIFF_OPTIONS, from, head, '--'], { cwd: repo }),
  ]);
  const failed = [numstat, nameStatus, diff].find((result) => result.code !== 0);
  if (failed) return err('GIT_FAILED', `git diff of ${branch} against ${input.base} failed: ${failed.stderr.trim()}`, { where: branch });
  const truncated = diff.stdout.length > MAX_DIFF_CHARS;
  return ok({
    taskId: input.taskId,
    title: input.title,
    branch,
    base: from,
    head,
    files: changedFiles(nameStatus.stdout, numstat.stdout),
    diff: truncated ? cutAtLine(diff.stdout, MAX_DIFF_CHARS) : diff.stdout,
    truncated,
  });
}

const STATUS: Record<string, ChangedFile['status']> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', T: 'modified', C: 'added' };

/**
 * Joins `--name-status -z` (status, old path, new path) with `--numstat -z` (counts, `-` for binary).
 * With -z, numstat writes `<add>\t<del>\t<path>` or, for a rename, `<add>\t<del>\t` then old and new
 * paths as their own fields.
 */
export function changedFiles(nameStatus: string, numstat: string): ChangedFile[] {
  const counts = new Map<string, { additions: number; deletions: number; binary: boolean }>();
  const numTokens = numstat.split('\0');
  for (let i = 0; i < numTokens.length; i++) {
    const token = numTokens[i]!;
    const match = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(token);
    if (!match) continue;
    let file = match[3]!;
    if (file === '') {
      file = numTokens[i + 2] ?? '';
      i += 2;
    }
    const binary = match[1] === '-' && match[2] === '-';
    counts.set(file, { additions: binary ? 0 : Number(match[1]), deletions: binary ? 0 : Number(match[2]), binary });
  }
  const files: ChangedFile[] = [];
  const tokens = nameStatus.split('\0');
  for (let i = 0; i < tokens.length; i++) {
    const code = tokens[i]!;
    if (!code) continue;
    const letter = code[0]!;
    const twoPaths = letter === 'R' || letter === 'C';
    const oldPath = twoPaths ? tokens[i + 1] : undefined;
    const file = tokens[i + (twoPaths ? 2 : 1)] ?? '';
    i += twoPaths ? 2 : 1;
    const count = counts.get(file) ?? { additions: 0, deletions: 0, binary: false };
    files.push({
      path: file,
      status: STATUS[letter] ?? 'modified',
      ...(letter === 'R' && oldPath !== undefined ? { oldPath } : {}),
      ...count,
    });
  }
  return files;
}

/** Cuts a diff at the last line end before `max` characters, so no line is shown half. */
function cutAtLine(text: string, max: number): string {
  const cut = text.lastIndexOf('\n', max);
  return text.slice(0, cut > 0 ? cut + 1 : max);
}
