import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Plan, PlanTask } from '../../../../shared/plan/plan';
import type { RunReport, TaskStatus } from '../../../../shared/run/taskStatus';
import { loadPlanText } from '../../plan/loadPlan';
import type { RunState } from '../../storage/runState';
import { RunStore } from '../../storage/runStore';
import { createTempRepo, makeTempDir, type TempRepo } from '../../testing/tempRepo';
import { prepareRun, type PreparedRun, type RunRequest } from '../prepareRun';
import type { RunController, Transition } from '../runController';

/** A run's agents and merges on a loaded 2-core machine: generous, and only ever a limit on waiting. */
export const WAIT_MS = 30_000;
/** How often a wait re-checks its condition. */
const POLL_MS = 25;

/**
 * The run loop in this process (no built CLI): a real repository, `shell` tasks (real processes) whose
 * scripts append to a probe file, and the RunController that prepareRun builds, as the faces build it.
 */
export interface RunHarness {
  repo: TempRepo;
  /** A folder the tasks' scripts write to (outside the repository and its worktrees). */
  probe: string;
  /** A plan of `shell` tasks, validated as a plan file would be. */
  plan(tasks: Partial<PlanTask>[], extra?: Partial<Plan>): Plan;
  /** Prepares (or resumes) and starts a run of the plan; every transition is recorded. */
  start(plan: Plan, options?: Partial<RunRequest>): Promise<StartedRun>;
  /** Lines the tasks appended to `<probe>/<name>`, in the order they were written. */
  probeLines(name?: string): Promise<string[]>;
  cleanup(): Promise<void>;
}

export interface StartedRun {
  prepared: PreparedRun;
  controller: RunController;
  transitions: Transition[];
  /** Resolves once the condition holds on the recorded transitions (checked again on each). */
  waitFor(what: string, check: (transitions: readonly Transition[]) => boolean): Promise<void>;
  /** Resolves when the task has reached that status. */
  reached(taskId: string, status: TaskStatus): Promise<void>;
  /** Waits for the report, then releases the run's lock and store. */
  finish(): Promise<RunReport>;
}

export async function createRunHarness(files?: Record<string, string>): Promise<RunHarness> {
  const repo = await createTempRepo({ files: files ?? { 'README.md': '# run harness\n' } });
  const scratch = await makeTempDir('wavelane-runs-');
  const probe = path.join(scratch, 'probe');
  await mkdir(probe, { recursive: true });
  const started: StartedRun[] = [];
  return {
    repo,
    probe,
    plan(tasks, extra = {}) {
      const text = JSON.stringify({
        version: 1,
        agent: 'shell',
        tasks: tasks.map((task, index) => ({ title: `Task ${task.id ?? index}`, prompt: 'true', ...task })),
        ...extra,
      });
      const loaded = loadPlanText(text);
      if (!loaded.ok) throw new Error(loaded.error.message);
      return loaded.value.plan;
    },
    async start(plan, options = {}) {
      const prepared = await prepareRun({
        repoDir: repo.dir,
        plan,
        dataDir: path.join(scratch, 'data'),
        worktreeRoot: path.join(scratch, 'worktrees'),
        maxParallel: 4,
        strategy: 'eager',
        // The tests decide what may start; the machine's load must not hold tasks back.
        resourceGuard: false,
        ...options,
      });
      if (!prepared.ok) throw new Error(`${prepared.error.code}: ${prepared.error.message}`);
      const { controller } = prepared.value;
      const transitions: Transition[] = [];
      const waiters = new Set<() => void>();
      controller.onDidTransition((transition) => {
        transitions.push(transition);
        for (const wake of waiters) wake();
      });
      const waitFor = (what: string, check: (list: readonly Transition[]) => boolean) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            waiters.delete(wake);
            reject(new Error(`timed out waiting for ${what}; transitions: ${transitions.map((t) => `${t.task}:${t.status}`).join(' ')}`));
          }, WAIT_MS);
          const wake = () => {
            if (!check(transitions)) return;
            clearTimeout(timer);
            waiters.delete(wake);
            resolve();
          };
          waiters.add(wake);
          wake();
        });
      await controller.start();
      let finished: Promise<RunReport> | null = null;
      const run: StartedRun = {
        prepared: prepared.value,
        controller,
        transitions,
        waitFor,
        reached: (taskId, status) => waitFor(`${taskId} to be ${status}`, (list) => list.some((t) => t.task === taskId && t.status === status)),
        finish() {
          finished ??= controller.done.then(async (report) => {
            await prepared.value.release();
            return report;
          });
          return finished;
        },
      };
      started.push(run);
      return run;
    },
    async probeLines(name = 'log') {
      const text = await readFile(path.join(probe, name), 'utf8').catch(() => '');
      return text.split('\n').filter(Boolean);
    },
    async cleanup() {
      for (const run of started) {
        run.controller.cancel();
        await run.finish().catch(() => undefined);
      }
      await repo.cleanup();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/** A shell script that logs `start <id>` and `end <id>` to `<probe>/log` around `body` (the order is the proof). */
export function loggedScript(probe: string, id: string, body = 'true'): string {
  const log = JSON.stringify(path.join(probe, 'log'));
  return [`echo "start ${id}" >> ${log}`, body, `echo "end ${id}" >> ${log}`].join('\n');
}

/** Waits until `check` holds (a file appeared, a process died), polling; never a guessed sleep. */
export async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Rewrites a stopped run's state as a process killed with it running leaves it: still `running`, owned by
 * a pid that is gone; `edit` then sets the tasks as the kill found them. Returns the state as saved.
 */
export async function asKilledRun(repoDir: string, runId: string, edit: (state: RunState) => void | Promise<void>): Promise<RunState> {
  const store = await RunStore.open(repoDir);
  if (!store.ok) throw new Error(store.error.message);
  try {
    const loaded = await store.value.loadRunState(runId);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const state = loaded.value;
    state.state = 'running';
    state.endedAt = null;
    state.owner.pid = spawnSync('true').pid!;
    await edit(state);
    const saved = await store.value.saveRunState(state);
    if (!saved.ok) throw new Error(saved.error.message);
    return state;
  } finally {
    await store.value.close();
  }
}
