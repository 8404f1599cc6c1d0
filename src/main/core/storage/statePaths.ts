import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { ID_PATTERN } from '../../../shared/plan/planId';
import { err, ok, type Result } from '../../../shared/result';
import { runGit } from '../git/git';
import { isRunId } from './runId';

/**
 * Where Wavelane keeps a repository's state: `<git common dir>/wavelane/`. The common dir is shared by the
 * main checkout and every worktree, so the state is found from any of them, and git never tracks it.
 *
 * ```
 * wavelane/board.json                       the board (plan being edited, columns, settings)
 * wavelane/current.json                     { "run": "<runId>" }: the active or last run
 * wavelane/run.lock                         held (core/locks) by the process that owns the active run
 * wavelane/locks/run-start.lock             held (core/locks) while a run is being started (runs/runStartGuard)
 * wavelane/runs/<runId>/state.json          the run's state (rewritten atomically on every transition)
 * wavelane/runs/<runId>/plan.json           the validated plan as run (written once)
 * wavelane/runs/<runId>/events.jsonl        the append-only audit trail
 * wavelane/runs/<runId>/logs/<task>-<n>.log terminal output of attempt n
 * wavelane/runs/<runId>/prompts/<task>-<n>.md
 * ```
 */
export interface StatePaths {
  /** The git common dir, absolute and symlink-free. */
  readonly commonDir: string;
  readonly root: string;
  readonly runsDir: string;
  readonly boardFile: string;
  readonly currentRunFile: string;
  /** For core/locks: the lock a process holds while it owns (or resumes) a run, so two never do at once. */
  readonly runLockFile: string;
  runDir(runId: string): string;
  stateFile(runId: string): string;
  planFile(runId: string): string;
  eventsFile(runId: string): string;
  logsDir(runId: string): string;
  logFile(runId: string, taskId: string, attempt: number): string;
  promptsDir(runId: string): string;
  promptFile(runId: string, taskId: string, attempt: number): string;
}

export const STATE_DIR_NAME = 'wavelane';

/** The layout under a known common dir (pure; `findStatePaths` finds the common dir of a checkout). */
export function statePathsFor(commonDir: string): StatePaths {
  const root = path.join(commonDir, STATE_DIR_NAME);
  const runsDir = path.join(root, 'runs');
  // Ids reach file names here; an invalid one is a bug upstream (plans and run ids are validated on entry).
  const runDir = (runId: string) => {
    if (!isRunId(runId)) throw new Error(`Bug: "${runId}" is not a run id`);
    return path.join(runsDir, runId);
  };
  const attemptName = (taskId: string, attempt: number) => {
    if (!ID_PATTERN.test(taskId)) throw new Error(`Bug: "${taskId}" is not a task id`);
    if (!Number.isInteger(attempt) || attempt < 1) throw new Error(`Bug: attempt ${attempt} is not a positive integer`);
    return `${taskId}-${attempt}`;
  };
  return {
    commonDir,
    root,
    runsDir,
    boardFile: path.join(root, 'board.json'),
    currentRunFile: path.join(root, 'current.json'),
    runLockFile: path.join(root, 'run.lock'),
    runDir,
    stateFile: (runId) => path.join(runDir(runId), 'state.json'),
    planFile: (runId) => path.join(runDir(runId), 'plan.json'),
    eventsFile: (runId) => path.join(runDir(runId), 'events.jsonl'),
    logsDir: (runId) => path.join(runDir(runId), 'logs'),
    logFile: (runId, taskId, attempt) => path.join(runDir(runId), 'logs', `${attemptName(taskId, attempt)}.log`),
    promptsDir: (runId) => path.join(runDir(runId), 'prompts'),
    promptFile: (runId, taskId, attempt) => path.join(runDir(runId), 'prompts', `${attemptName(taskId, attempt)}.md`),
  };
}

/** Finds the state folder of the repository that contains `dir` (a main checkout, a worktree, or a subfolder). */
export async function findStatePaths(dir: string): Promise<Result<StatePaths, 'NOT_A_REPO'>> {
  let result;
  try {
    result = await runGit(['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: dir });
  } catch (error) {
    // spawn fails with ENOENT when cwd does not exist
    return err('NOT_A_REPO', `Cannot look for a git repository in ${dir}: ${(error as Error).message}`, { where: dir });
  }
  if (result.code !== 0) {
    return err('NOT_A_REPO', `${dir} is not inside a git repository`, { where: dir });
  }
  const commonDir = await realpath(result.stdout.trim());
  return ok(statePathsFor(commonDir));
}
