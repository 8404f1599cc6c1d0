import { err, ok, type Result } from '../../../shared/result';
import { runShellCommand, type ShellRun } from '../processes/shellCommand';

/** A setup that runs this long is stuck; ten minutes covers a cold `npm ci`. */
export const DEFAULT_SETUP_TIMEOUT_MS = 10 * 60_000;

/** Runs the plan's `setup` command in a new worktree; a non-zero exit is SETUP_FAILED with its output. */
export async function runSetup(input: {
  worktree: string;
  command: string;
  timeoutMs?: number;
  env?: Record<string, string>;
}): Promise<Result<ShellRun, 'SETUP_FAILED'>> {
  const run = await runShellCommand({
    command: input.command,
    cwd: input.worktree,
    timeoutMs: input.timeoutMs ?? DEFAULT_SETUP_TIMEOUT_MS,
    env: input.env,
  });
  if (run.exitCode === 0 && !run.timedOut) return ok(run);
  const why = run.startError
    ? `could not start (${run.startError})`
    : run.timedOut
      ? `timed out after ${Math.round(run.durationMs / 1000)} s`
      : `exited with ${run.exitCode ?? run.signal}`;
  const lastLines = run.output.trimEnd().split('\n').slice(-20);
  return err('SETUP_FAILED', `The setup command ${JSON.stringify(input.command)} ${why} in ${input.worktree}`, {
    where: input.worktree,
    details: lastLines,
  });
}
