import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTempRepo } from '../src/main/core/testing/tempRepo';
import { markdownTable, median, repoRoot, runHeader, writeSection } from './resultsFile';

/**
 * Real makespan: 12 independent tasks that each sleep 2 s, run by the built `wavelane run` (real worktrees, real
 * ptys, real merges) at --max-parallel 1 and 4. The speedup is the ratio of the two wall times in the same run.
 * Target: at least 3.6x (the ideal is 4x; the rest is per-task overhead and the serialized merge queue).
 */
const TASKS = 12;
const SLEEP_S = 2;
const ROOT = repoRoot();

async function once(maxParallel: number): Promise<number> {
  const repo = await createTempRepo();
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'wavelane-makespan-'));
  const plan = path.join(scratch, 'plan.json');
  const tasks = Array.from({ length: TASKS }, (_, i) => ({ id: `s${i}`, title: `Sleep ${i}`, prompt: `sleep ${SLEEP_S}; echo ${i} > s${i}.txt` }));
  await writeFile(plan, JSON.stringify({ version: 1, agent: 'shell', tasks }));
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin/wavelane.js'), 'run', '--plan', plan, '--repo', repo.dir, '--max-parallel', String(maxParallel),
      '--worktree-root', path.join(scratch, 'wt'), '--no-resource-guard', '--json'],
    { encoding: 'utf8' },
  );
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`wavelane run exited ${result.status}: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { tasks: { status: string }[] };
  if (report.tasks.some((task) => task.status !== 'merged')) throw new Error('not every task merged');
  await repo.cleanup();
  await rm(scratch, { recursive: true, force: true });
  return wallMs;
}

export async function main(args: string[]): Promise<void> {
  const runs = Number(args[args.indexOf('--runs') + 1] ?? 0) || 3;
  const serial: number[] = [];
  const parallel: number[] = [];
  for (let i = 0; i < runs; i++) {
    serial.push(await once(1));
    parallel.push(await once(4));
  }
  const speedup = median(serial) / median(parallel);
  const table = markdownTable(
    ['--max-parallel', 'wall ms (median)', 'runs (ms)', 'ideal ms'],
    [
      [1, median(serial).toFixed(0), serial.map((v) => v.toFixed(0)).join(', '), TASKS * SLEEP_S * 1000],
      [4, median(parallel).toFixed(0), parallel.map((v) => v.toFixed(0)).join(', '), (TASKS / 4) * SLEEP_S * 1000],
    ],
  );
  const verdict = speedup >= 3.6 ? 'meets' : 'misses';
  const markdown = [
    runHeader('Real makespan', `node bench/runTs.mjs bench/realMakespan.bench.ts --runs ${runs}`),
    `${TASKS} independent \`shell\` tasks that each sleep ${SLEEP_S} s, through the built \`wavelane run\` (worktrees, ptys, commits, merges), wall time including start-up.`,
    '',
    table,
    '',
    `Speedup at 4 over 1: **${speedup.toFixed(2)}x** (target >= 3.6x: ${verdict}).`,
  ].join('\n');
  console.log(markdown);
  if (!args.includes('--no-write')) await writeSection('real-makespan', markdown);
}
