import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PlanTask } from '../../../shared/plan/plan';
import type { RunReport } from '../../../shared/run/taskStatus';
import { createTempRepo, makeTempDir, type TempRepo } from '../../core/testing/tempRepo';
import { runCliProcess, startCli, type CliProcess, type CliResult } from './cliProcess';

/**
 * A real repository, a plan of `shell` tasks, and a probe folder where the tasks' scripts record what
 * they saw (start/end times, files). Worktrees and user data go to temp folders of the fixture.
 */
export interface RunFixture {
  repo: TempRepo;
  probe: string;
  worktreeRoot: string;
  dataHome: string;
  writePlan(tasks: Partial<PlanTask>[], extra?: Record<string, unknown>): Promise<string>;
  run(args: string[]): Promise<CliResult & { report: RunReport | null }>;
  /** `env` is added to the CLI's environment (and so its git processes' and agents'). */
  start(args: string[], env?: Record<string, string>): CliProcess;
  /** Lines the tasks appended to `$PROBE/<name>`. */
  probeLines(name: string): Promise<string[]>;
  intervals(name?: string): Promise<Map<string, { start: number; end: number }>>;
  cleanup(): Promise<void>;
}

export async function createRunFixture(files?: Record<string, string | Buffer>): Promise<RunFixture> {
  const repo = await createTempRepo({ files: files ?? { 'README.md': '# fixture\n' } });
  const scratch = await makeTempDir('wavelane-fixture-');
  const probe = path.join(scratch, 'probe');
  const worktreeRoot = path.join(scratch, 'worktrees');
  const dataHome = path.join(scratch, 'data');
  await mkdir(probe, { recursive: true });
  await mkdir(dataHome, { recursive: true });
  const planFile = path.join(scratch, 'plan.json');
  const env = { XDG_DATA_HOME: dataHome, PROBE: probe };

  const withDefaults = (args: string[]) =>
    args.includes('--worktree-root') ? args : [...args, '--worktree-root', worktreeRoot];

  const probeLines = async (name: string) => {
    const text = await readFile(path.join(probe, name), 'utf8').catch(() => '');
    return text.split('\n').filter(Boolean);
  };

  return {
    repo,
    probe,
    worktreeRoot,
    dataHome,
    async writePlan(tasks, extra = {}) {
      const plan = {
        version: 1,
        agent: 'shell',
        tasks: tasks.map((task, index) => ({ title: `Task ${task.id ?? index}`, prompt: 'true', ...task })),
        ...extra,
      };
      await writeFile(planFile, JSON.stringify(plan, null, 2));
      return planFile;
    },
    async run(args) {
      const result = await runCliProcess(['run', '--plan', planFile, '--repo', repo.dir, ...withDefaults(args)], {
        cwd: repo.dir,
        env,
      });
      let report: RunReport | null = null;
      if (args.includes('--json') && result.stdout.trim()) report = JSON.parse(result.stdout) as RunReport;
      return { ...result, report };
    },
    start(args, extraEnv = {}) {
      return startCli(['run', '--plan', planFile, '--repo', repo.dir, ...withDefaults(args)], { cwd: repo.dir, env: { ...env, ...extraEnv } });
    },
    probeLines,
    async intervals(name = 'times') {
      const spans = new Map<string, { start: number; end: number }>();
      for (const line of await probeLines(name)) {
        const [kind, id, ns] = line.split(' ');
        const span = spans.get(id!) ?? { start: NaN, end: NaN };
        span[kind as 'start' | 'end'] = Number(ns) / 1e6;
        spans.set(id!, span);
      }
      return spans;
    },
    async cleanup() {
      await repo.cleanup();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/** A shell task script that records its start and end (ms precision) in $PROBE/times around `body`. */
export function timedScript(id: string, body: string): string {
  return [
    `echo "start ${id} $(date +%s%N)" >> "$PROBE/times"`,
    body,
    `echo "end ${id} $(date +%s%N)" >> "$PROBE/times"`,
  ].join('\n');
}

export function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}
