import { existsSync } from 'node:fs';
import type { AgentProfile, PlanTask } from '../../../shared/plan/plan';
import { err, ok, type Result } from '../../../shared/result';
import { AgentSession } from '../agents/agentSession';
import { agentLaunch, launchedProcess, type PreviousSession } from '../agents/agentLaunch';
import { SHELL_PROFILE_ID } from '../agents/builtinProfiles';
import { commitTask } from '../git/commitTask';
import { runGit } from '../git/git';
import { followUpFiles, writeFollowUpPrompt } from '../storage/promptFile';

export interface FollowUpInput {
  task: PlanTask;
  profile: AgentProfile;
  runId: string;
  worktree: string;
  branch: string;
  /** The run's state folder: the follow-up's prompt file and log go there (see followUpFiles). */
  runDir: string;
  /** What the agent is asked now (a change request, or a failing verify's output), before followUpPrompt. */
  request: string;
  /** The profile is the built-in one (its adapter applies); see ProfileRegistry.isBuiltin. */
  builtin?: boolean;
  /** The task's CLI session: continued when the same adapter profile runs (the agent keeps its context). */
  previous?: PreviousSession | null;
  /** The user's agent settings file (default: agentSettingsPath()), read per follow-up. */
  settingsFile?: string;
}

/** A started follow-up: `resumed` when it continues the task's earlier CLI conversation. */
export interface StartedFollowUp {
  session: AgentSession;
  done: Promise<Result<'committed' | 'empty', 'FAILED'>>;
  resumed: boolean;
}

/**
 * The prompt of a follow-up: for a coding agent, the task's intent first, then what is asked now. The
 * `shell` profile runs its prompt as a script, so there the request is the script itself.
 */
export function followUpPrompt(task: PlanTask, request: string, profile: AgentProfile): string {
  if (profile.id === SHELL_PROFILE_ID) return request;
  return [
    `You worked on this task before; your work is committed in this worktree:`,
    '',
    `# ${task.title}`,
    '',
    task.prompt,
    '',
    '# What to do now',
    '',
    request,
  ].join('\n');
}

/**
 * Runs the task's agent again in its own worktree, on its branch, with a follow-up prompt (Request
 * changes, Ask agent to fix), and commits what it changed with the task's trailers. The caller watches
 * `session` and awaits `done`, then sends the task back to the merge queue.
 */
export async function startFollowUp(input: FollowUpInput): Promise<Result<StartedFollowUp, 'BUSY' | 'FAILED'>> {
  // git cannot even start in a folder that is gone: say so instead (ReviewActions makes it again first).
  if (!existsSync(input.worktree)) return err('FAILED', `The worktree ${input.worktree} of task ${input.task.id} is gone; nothing was started`);
  const onBranch = await runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: input.worktree });
  if (onBranch.code !== 0 || onBranch.stdout.trim() !== input.branch) {
    return err('BUSY', `The worktree ${input.worktree} is not on ${input.branch}; nothing was started`);
  }
  const base = (await runGit(['rev-parse', 'HEAD'], { cwd: input.worktree })).stdout.trim();
  const { promptFile, logPath } = followUpFiles(input.runDir, input.task.id, Date.now());
  const prompt = followUpPrompt(input.task, input.request, input.profile);
  const written = await writeFollowUpPrompt(promptFile, prompt);
  if (!written.ok) return err('FAILED', written.error.message);
  const launch = await agentLaunch({
    profile: input.profile,
    builtin: input.builtin ?? false,
    ...(input.settingsFile ? { settingsFile: input.settingsFile } : {}),
    previous: input.previous ?? null,
    prompt,
    promptFile,
    taskId: input.task.id,
    title: input.task.title,
    cwd: input.worktree,
  });
  if (!launch.ok) return err('FAILED', launch.error.message);
  const started = await AgentSession.start({
    ...launchedProcess(launch.value),
    cwd: input.worktree,
    taskId: input.task.id,
    runId: input.runId,
    promptFile,
    logPath,
  });
  if (!started.ok) return err('FAILED', started.error.message);
  const session = started.value;
  const done = session.exited.then(async (exit): Promise<Result<'committed' | 'empty', 'FAILED'>> => {
    if (exit.exitCode !== 0) return err('FAILED', `the agent exited with code ${exit.exitCode}${exit.cancelled ? ' (cancelled)' : ''}`);
    const committed = await commitTask({
      worktree: input.worktree,
      branch: input.branch,
      base,
      title: `${input.task.title} (follow-up)`,
      stamp: { taskId: input.task.id, runId: input.runId },
    });
    if (!committed.ok) return err('FAILED', committed.error.message);
    return ok(committed.value.status);
  });
  return ok({ session, done, resumed: launch.value.resumed });
}
