import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { mustGit } from '../src/main/core/testing/tempRepo';
import { readRepoInfo } from '../src/main/core/git/repoInfo';
import { MergeQueue, type MergeOutcome, type MergeRequest } from '../src/main/core/merge/mergeQueue';
import { createSyntheticRepo, type SyntheticRepo } from '../src/main/core/merge/testing/syntheticRepo';
import { markdownTable, median, runHeader, writeSection } from './resultsFile';

/**
 * Merge queue throughput on a 10,000-file repository: N task branches, each changing a different file,
 * landed on `main` (checked out in the main checkout, which must follow). Baseline, measured in the same
 * run on an identical repository: what a script would do, `git checkout main` + `git merge --no-ff` per
 * branch in the checkout. Two queue figures:
 * - burst: all N requests queued at once (tasks finishing while the queue is busy): the queue chains
 *   them and advances the target once per batch; this is the throughput figure (target: >= 5x).
 * - one by one: each request awaited before the next is queued (an idle queue, one advance per task).
 * Branches are kept (`keepBranch`) and there are no worktrees, so both sides do only the merging.
 *
 * Usage: node bench/runTs.mjs bench/mergeQueue.bench.ts [--files N] [--tasks N] [--runs N] [--no-write]
 */

const TARGET_RATIO = 5;
const DEFAULT_FILES = 10_000;
/** Enough merges per run that per-merge costs dominate the fixed ones. */
const DEFAULT_TASKS = 20;
/** Timed repetitions; the median is reported. */
const DEFAULT_RUNS = 3;

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

/** git treats files written in the same second as the index as "racy" and re-reads them on every look. */
const RACY_SETTLE_MS = 1_100;

/** Back to the base commit with a settled index, as a checkout someone works in would be. Not timed. */
async function resetTo(repo: SyntheticRepo): Promise<void> {
  await mustGit(['reset', '-q', '--hard', repo.base], { cwd: repo.dir });
  await new Promise((resolve) => setTimeout(resolve, RACY_SETTLE_MS));
  await mustGit(['update-index', '-q', '--really-refresh'], { cwd: repo.dir });
}

/** Every branch merged once, first-parent history linear, checkout clean: a fast wrong answer is no answer. */
async function checkLanded(repo: SyntheticRepo, what: string): Promise<void> {
  const merges = await mustGit(['rev-list', '--first-parent', '--merges', '--count', `${repo.base}..main`], { cwd: repo.dir });
  if (Number(merges) !== repo.branches.length) throw new Error(`${what}: ${merges} merges, expected ${repo.branches.length}`);
  for (const branch of repo.branches) {
    const contained = await mustGit(['merge-base', '--is-ancestor', branch, 'main'], { cwd: repo.dir }).then(
      () => true,
      () => false,
    );
    if (!contained) throw new Error(`${what}: ${branch} did not land`);
  }
  const status = await mustGit(['status', '--porcelain', '--untracked-files=no'], { cwd: repo.dir });
  if (status !== '') throw new Error(`${what}: the checkout did not follow:\n${status}`);
}

async function baseline(repo: SyntheticRepo): Promise<number> {
  await resetTo(repo);
  const start = performance.now();
  for (const branch of repo.branches) {
    await mustGit(['checkout', '-q', 'main'], { cwd: repo.dir });
    await mustGit(['merge', '-q', '--no-ff', '-m', `Merge ${branch}`, branch], { cwd: repo.dir });
  }
  const ms = performance.now() - start;
  await checkLanded(repo, 'baseline');
  return ms;
}

async function throughQueue(repo: SyntheticRepo, commonDir: string, mode: 'burst' | 'one-by-one'): Promise<number> {
  await resetTo(repo);
  const queue = new MergeQueue({ repo: repo.dir, commonDir, target: 'main' });
  const requests: MergeRequest[] = repo.branches.map((branch) => ({
    taskId: branch,
    title: `Change of ${branch}`,
    runId: 'bench',
    branch,
    worktree: null,
    keepBranch: true,
  }));
  const start = performance.now();
  let outcomes: MergeOutcome[];
  if (mode === 'burst') {
    outcomes = await Promise.all(requests.map((request) => queue.enqueue(request)));
  } else {
    outcomes = [];
    for (const request of requests) outcomes.push(await queue.enqueue(request));
  }
  const ms = performance.now() - start;
  queue.dispose();
  const notMerged = outcomes.filter((outcome) => outcome.status !== 'merged');
  if (notMerged.length > 0) throw new Error(`queue (${mode}): ${JSON.stringify(notMerged[0])}`);
  await checkLanded(repo, `queue (${mode})`);
  return ms;
}

export async function main(args: string[]): Promise<void> {
  const files = option(args, 'files', DEFAULT_FILES);
  const tasks = option(args, 'tasks', DEFAULT_TASKS);
  const runs = option(args, 'runs', DEFAULT_RUNS);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'wavelane-bench-merge-'));
  try {
    console.log(`building two ${files}-file repositories with ${tasks} task branches...`);
    const queueRepo = await createSyntheticRepo(path.join(scratch, 'queue'), { files, branches: tasks });
    const baselineRepo = await createSyntheticRepo(path.join(scratch, 'baseline'), { files, branches: tasks });
    const info = await readRepoInfo(queueRepo.dir);
    if (!info.ok) throw new Error(info.error.message);
    // Warm both (page cache, git's first-run costs) before timing.
    await baseline(baselineRepo);
    await throughQueue(queueRepo, info.value.commonDir, 'one-by-one');
    const timings = { baseline: [] as number[], burst: [] as number[], oneByOne: [] as number[] };
    for (let run = 0; run < runs; run++) {
      // Interleaved, so a noisy moment of the machine hits all three alike.
      timings.baseline.push(await baseline(baselineRepo));
      timings.burst.push(await throughQueue(queueRepo, info.value.commonDir, 'burst'));
      timings.oneByOne.push(await throughQueue(queueRepo, info.value.commonDir, 'one-by-one'));
      console.log(
        `run ${run + 1}: baseline ${timings.baseline.at(-1)!.toFixed(0)} ms, queue burst ${timings.burst.at(-1)!.toFixed(0)} ms, one by one ${timings.oneByOne.at(-1)!.toFixed(0)} ms`,
      );
    }
    const perSecond = (ms: number) => (tasks / ms) * 1000;
    const base = median(timings.baseline);
    const burst = median(timings.burst);
    const oneByOne = median(timings.oneByOne);
    const rows = [
      ['baseline: `git checkout` + `git merge --no-ff` in the checkout', base.toFixed(0), perSecond(base).toFixed(1), '1.00x'],
      ['merge queue, all queued at once (burst)', burst.toFixed(0), perSecond(burst).toFixed(1), `${(base / burst).toFixed(2)}x`],
      ['merge queue, one request at a time', oneByOne.toFixed(0), perSecond(oneByOne).toFixed(1), `${(base / oneByOne).toFixed(2)}x`],
    ];
    const ratio = base / burst;
    const verdict = ratio >= TARGET_RATIO ? 'meets' : 'MISSES';
    const markdown = [
      runHeader('Merge queue throughput', `node bench/runTs.mjs bench/mergeQueue.bench.ts --files ${files} --tasks ${tasks} --runs ${runs}`),
      `${tasks} task branches on a ${files.toLocaleString('en-US')}-file repository, each changing a different file; \`main\` is checked out in the main checkout and must follow every merge. Median of ${runs} runs.`,
      '',
      markdownTable(['', 'ms for all merges', 'merges/s', 'vs baseline'], rows),
      '',
      `Burst throughput ratio: **${ratio.toFixed(2)}x** the baseline (target >= ${TARGET_RATIO}x: ${verdict}). One request at a time: ${(base / oneByOne).toFixed(2)}x.`,
    ].join('\n');
    console.log(markdown);
    if (!args.includes('--no-write')) await writeSection('merge-queue', markdown);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
