import {
  REVIEW_FILE_MAX_BYTES,
  REVIEW_TOTAL_MAX_BYTES,
  type ChangedFile,
  type ReviewContent,
  type ReviewFile,
  type TaskReview,
} from '../../../shared/contract/review';
import { err, ok, type Result } from '../../../shared/result';
import { runGit } from '../git/git';
import { blobSizes, blobText } from '../git/blobs';
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
  /** Per-file and whole-review size limits (tests lower them); REVIEW_FILE_MAX_BYTES and REVIEW_TOTAL_MAX_BYTES by default. */
  limits?: { fileBytes: number; totalBytes: number };
}

export type ReviewTaskError = 'NOT_FOUND' | 'GIT_FAILED';

/**
 * Every diff here: renames found, no external diff or textconv program (their output is not ours to
 * show, and they run configured commands), full object ids.
 */
const DIFF_OPTIONS = ['--find-renames', '--no-color', '--no-ext-diff', '--no-textconv', '--no-abbrev'];
/** Blobs read at once: each is one short git process, and the machine is shared with the agents. */
const READ_CONCURRENCY = 4;
/** The object id git prints for "no file on this side". */
const NO_OBJECT = /^0+$/;

/**
 * What a finished task changed against its base: the changed files (status, lines added and deleted)
 * with their old and new texts read from git's objects, for the review dialog's side-by-side view.
 * Binary files, and sides over the size limits, are marked as such instead. The comparison starts at the
 * merge base of the two, so commits that landed on the target after the task started (or were merged
 * into the task to resolve a conflict) are not shown as the task's changes.
 */
export async function reviewTask(input: ReviewTaskInput): Promise<Result<TaskReview, ReviewTaskError>> {
  const { repo, branch } = input;
  const limits = input.limits ?? { fileBytes: REVIEW_FILE_MAX_BYTES, totalBytes: REVIEW_TOTAL_MAX_BYTES };
  const head = await resolveCommit(repo, branchRef(branch));
  if (!head) return err('NOT_FOUND', `The task branch ${branch} does not exist in ${repo}`, { where: branch });
  const baseCommit = (await resolveCommit(repo, branchRef(input.base))) ?? (await resolveCommit(repo, input.base));
  if (!baseCommit) return err('NOT_FOUND', `The base ${input.base} of task ${input.taskId} is neither a branch nor a commit in ${repo}`, { where: input.base });
  const mergeBase = await runGit(['merge-base', baseCommit, head], { cwd: repo });
  if (mergeBase.code !== 0) return err('GIT_FAILED', `${branch} and ${input.base} share no history in ${repo}`, { where: branch });
  const from = mergeBase.stdout.trim();
  const [numstat, raw] = await Promise.all([
    runGit(['diff', '--numstat', '-z', ...DIFF_OPTIONS, from, head, '--'], { cwd: repo }),
    runGit(['diff', '--raw', '-z', ...DIFF_OPTIONS, from, head, '--'], { cwd: repo }),
  ]);
  const failed = [numstat, raw].find((result) => result.code !== 0);
  if (failed) return err('GIT_FAILED', `git diff of ${branch} against ${input.base} failed: ${failed.stderr.trim()}`, { where: branch });
  const entries = rawEntries(raw.stdout, numstat.stdout);
  const files = await withTexts(repo, entries, limits);
  return ok({ taskId: input.taskId, title: input.title, branch, base: from, head, files });
}

/** A changed file with the blobs of its two sides (null where the file does not exist). */
interface RawEntry extends ChangedFile {
  oldOid: string | null;
  newOid: string | null;
}

const STATUS: Record<string, ChangedFile['status']> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', T: 'modified', C: 'added' };

/**
 * Joins `--raw -z` (`:<old mode> <new mode> <old oid> <new oid> <status>`, then the path, or the old and
 * new paths of a rename or copy) with `--numstat -z` (counts, `-` for binary). With -z, numstat writes
 * `<add>\t<del>\t<path>` or, for a rename, `<add>\t<del>\t` then old and new paths as their own fields.
 */
export function rawEntries(raw: string, numstat: string): RawEntry[] {
  const counts = new Map<string, { additions: number; deletions: number; binary: boolean }>();
  const numTokens = numstat.split('\0');
  for (let i = 0; i < numTokens.length; i++) {
    const match = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(numTokens[i]!);
    if (!match) continue;
    let file = match[3]!;
    if (file === '') {
      file = numTokens[i + 2] ?? '';
      i += 2;
    }
    const binary = match[1] === '-' && match[2] === '-';
    counts.set(file, { additions: binary ? 0 : Number(match[1]), deletions: binary ? 0 : Number(match[2]), binary });
  }
  const entries: RawEntry[] = [];
  const tokens = raw.split('\0');
  for (let i = 0; i < tokens.length; i++) {
    const header = /^:\d+ \d+ ([0-9a-f]+) ([0-9a-f]+) ([A-Z])/.exec(tokens[i]!);
    if (!header) continue;
    const letter = header[3]!;
    const twoPaths = letter === 'R' || letter === 'C';
    const oldPath = twoPaths ? tokens[i + 1] : undefined;
    const file = tokens[i + (twoPaths ? 2 : 1)] ?? '';
    i += twoPaths ? 2 : 1;
    const count = counts.get(file) ?? { additions: 0, deletions: 0, binary: false };
    entries.push({
      path: file,
      status: STATUS[letter] ?? 'modified',
      ...(letter === 'R' && oldPath !== undefined ? { oldPath } : {}),
      ...count,
      oldOid: NO_OBJECT.test(header[1]!) ? null : header[1]!,
      newOid: NO_OBJECT.test(header[2]!) ? null : header[2]!,
    });
  }
  return entries;
}

/** Reads both sides of each text file, in order, until the review's total budget is spent. */
async function withTexts(repo: string, entries: readonly RawEntry[], limits: { fileBytes: number; totalBytes: number }): Promise<ReviewFile[]> {
  const oids = entries.flatMap((entry) => (entry.binary ? [] : [entry.oldOid, entry.newOid].filter((oid): oid is string => oid !== null)));
  const sizes = await blobSizes(repo, oids);
  let budget = limits.totalBytes;
  const planned = entries.map((entry): { entry: RawEntry; content: ReviewContent | null } => {
    if (entry.binary) return { entry, content: { kind: 'binary' } };
    const sides = [entry.oldOid, entry.newOid].map((oid) => (oid ? sizes.get(oid) : 0));
    // Not a blob (a submodule's commit): nothing to show as text.
    if (sides.some((size) => size === undefined)) return { entry, content: { kind: 'binary' } };
    const [oldSize, newSize] = sides as [number, number];
    const biggest = Math.max(oldSize, newSize);
    if (biggest > limits.fileBytes) return { entry, content: { kind: 'tooLarge', bytes: biggest, limit: limits.fileBytes } };
    if (oldSize + newSize > budget) return { entry, content: { kind: 'tooLarge', bytes: oldSize + newSize, limit: budget } };
    budget -= oldSize + newSize;
    return { entry, content: null };
  });
  const files: ReviewFile[] = new Array(planned.length);
  let next = 0;
  const worker = async () => {
    while (next < planned.length) {
      const index = next++;
      const { entry, content } = planned[index]!;
      const { oldOid, newOid, ...file } = entry;
      if (content) {
        files[index] = { ...file, content };
        continue;
      }
      // A side that does not exist reads as ''; one git cannot read (null) is shown as binary.
      const [oldText, newText] = await Promise.all([oldOid ? blobText(repo, oldOid) : '', newOid ? blobText(repo, newOid) : '']);
      files[index] = { ...file, content: oldText === null || newText === null ? { kind: 'binary' } : { kind: 'text', oldText, newText } };
    }
  };
  await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
  return files;
}
