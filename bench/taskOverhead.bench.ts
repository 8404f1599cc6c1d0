import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AgentSession } from '../src/main/core/agents/agentSession';
import { commitTask } from '../src/main/core/git/commitTask';
import { mustGit } from '../src/main/core/testing/tempRepo';
import { readRepoInfo } from '../src/main/core/git/repoInfo';
import { createTaskWorktree } from '../src/main/core/git/worktrees';
import { MergeQueue } from '../src/main/core/merge/mergeQueue';
import { createSyntheticRepo, type SyntheticRepo } from '../src/main/core/merge/testing/syntheticRepo';
import { markdownTable, median, runHeader, writeSection } from './resultsFile';

/**
 * Per-task overhead: everything Wavelane does around an agent that does (almost) nothing — worktree
 * from the target's head, the agent in a real pty (AgentSession), commit, merge through the queue (the
 * main checkout follows), worktree removed and branch deleted — versus a bare `git worktree add` +
 * `git worktree remove` on the same repository. The agent writes one small file (`sh -c 'echo ...'`) so
 * that commit and merge have something to do; with no change at all there would be no merge to time.
 * Tasks run one after another. Target: at most 1.3x the bare worktree cost on the 10,000-file
 * repository; a small repository is reported too, where the fixed costs show.
 *
 * Usage: node bench/runTs.mjs bench/taskOverhead.bench.ts [--files N] [--small N] [--tasks N] [--runs N] [--no-write]
 */

const TARGET_RATIO = 1.3;
const DEFAULT_FILES = 10_000;
/** A small project, where git's per-file work is negligible and our fixed costs are all that is left. */
const DEFAULT_SMALL_FILES = 200;
/** Tasks per timed run (each a full cycle). */
const DEFAULT_TASKS = 3;
/** Timed repetitions; the median is reported. */
const DEFAULT_RUNS = 3;

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

async function bareTask(repo: SyntheticRepo, root: string): Promise<number> {
  const dir = path.join(root, 'bare');
  const start = performance.now();
  await mustGit(['worktree', 'add', '-q', '--detach', dir, 'main'], { cwd: repo.dir });
  await mustGit(['worktree', 'remove', dir], { cwd: repo.dir });
  return performance.now() - start;
}

let taskCounter = 0;

async function fullTask(queue: MergeQueue, repo: SyntheticRepo, root: string, stateDir: string): Promise<number> {
  const taskId = `bench-${++taskCounter}`;
  const promptFile = path.join(stateDir, `${taskId}.prompt.md`);
  await writeFile(promptFile, 'do nothing much\n');
  const start = performance.now();
  const created = await createTaskWorktree({ repo: repo.dir, root, taskId, target: 'main' });
  if (!created.ok) throw new Error(created.error.message);
  const worktree = created.value;
  const session = await AgentSession.start({
    command: 'sh',
    args: ['-c', `echo done > ${taskId}.txt`],
    cwd: worktree.path,
    taskId,
    runId: 'bench',
    promptFile,
    logPath: path.join(stateDir, `${taskId}.log`),
  });
  if (!session.ok) throw new Error(session.error.message);
  const exit = await session.value.exited;
  session.value.dispose();
  if (exit.exitCode !== 0) throw new Error(`the agent exited with ${exit.exitCode}`);
  const committed = await commitTask({
    worktree: worktree.path,
    branch: worktree.branch,
    base: worktree.base,
    title: `Bench ${taskId}`,
    stamp: { taskId, runId: 'bench' },
  });
  if (!committed.ok || committed.value.status !== 'committed') throw new Error(`commit: ${JSON.stringify(committed)}`);
  const outcome = await queue.enqueue({ taskId, title: `Bench ${taskId}`, runId: 'bench', branch: worktree.branch, worktree: worktree.path });
  if (outcome.status !== 'merged' || outcome.cleanupProblems.length > 0) throw new Error(`merge: ${JSON.stringify(outcome)}`);
  return performance.now() - start;
}

async function measureRepo(scratch: string, files: number, tasks: number, runs: number) {
  const repo = await createSyntheticRepo(path.join(scratch, `repo-${files}`), { files, branches: 0 });
  const info = await readRepoInfo(repo.dir);
  if (!info.ok) throw new Error(info.error.message);
  const root = path.join(scratch, `worktrees-${files}`);
  const stateDir = path.join(scratch, `state-${files}`);
  await mkdir(root, { recursive: true });
  await mkdir(stateDir, { recursive: true });
  const queue = new MergeQueue({ repo: repo.dir, commonDir: info.value.commonDir, target: 'main' });
  // Warm up (page cache, node-pty's first spawn).
  await bareTask(repo, root);
  await fullTask(queue, repo, root, stateDir);
  const bare: number[] = [];
  const full: number[] = [];
  for (let run = 0; run < runs; run++) {
    let bareMs = 0;
    let fullMs = 0;
    // Alternating task by task, so a noisy moment of the machine hits both alike.
    for (let i = 0; i < tasks; i++) {
      bareMs += await bareTask(repo, root);
      fullMs += await fullTask(queue, repo, root, stateDir);
    }
    bare.push(bareMs / tasks);
    full.push(fullMs / tasks);
    console.log(`${files} files, run ${run + 1}: bare ${bare.at(-1)!.toFixed(0)} ms/task, full ${full.at(-1)!.toFixed(0)} ms/task`);
  }
  queue.dispose();
  const merges = await mustGit(['rev-list', '--merges', '--count', 'main'], { cwd: repo.dir });
  if (Number(merges) !== (runs * tasks + 1)) throw new Error(`expected ${runs * tasks + 1} merges on main, found ${merges}`);
  return { files, bare: median(bare), full: median(full) };
}

export async function main(args: string[]): Promise<void> {
  const files = option(args, 'files', DEFAULT_FILES);
  const small = option(args, 'small', DEFAULT_SMALL_FILES);
  const tasks = option(args, 'tasks', DEFAULT_TASKS);
  const runs = option(args, 'runs', DEFAULT_RUNS);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'wavelane-bench-overhead-'));
  try {
    const results = [];
    for (const size of [files, small]) results.push(await measureRepo(scratch, size, tasks, runs));
    const rows = results.map((r) => [
      r.files.toLocaleString('en-US'),
      r.bare.toFixed(0),
      r.full.toFixed(0),
      (r.full - r.bare).toFixed(0),
      `${(r.full / r.bare).toFixed(2)}x`,
    ]);
    const main10k = results[0]!;
    const ratio = main10k.full / main10k.bare;
    const verdict = ratio <= TARGET_RATIO ? 'meets' : 'MISSES';
    const markdown = [
      runHeader('Per-task overhead', `node bench/runTs.mjs bench/taskOverhead.bench.ts --files ${files} --small ${small} --tasks ${tasks} --runs ${runs}`),
      `One task at a time: worktree, agent in a pty (\`sh -c 'echo done > <id>.txt'\`), commit, merge (main checkout follows), worktree removed, branch deleted; versus bare \`git worktree add --detach\` + \`git worktree remove\`. Median of ${runs} runs of ${tasks} tasks.`,
      '',
      markdownTable(['files in repo', 'bare add+remove ms/task', 'Wavelane ms/task', 'extra ms/task', 'ratio'], rows),
      '',
      `Ratio on the ${files.toLocaleString('en-US')}-file repository: **${ratio.toFixed(2)}x** (target <= ${TARGET_RATIO}x: ${verdict}).`,
    ].join('\n');
    console.log(markdown);
    if (!args.includes('--no-write')) await writeSection('task-overhead', markdown);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
