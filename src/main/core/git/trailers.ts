import { runGit } from './git';

/**
 * Every commit Wavelane makes carries two trailers: which task and which run made it. They are how we
 * recognise our own branches (never someone else's) and find a merge that already landed after a crash.
 */
export const TASK_TRAILER = 'Wavelane-Task';
export const RUN_TRAILER = 'Wavelane-Run';

export interface TaskStamp {
  taskId: string;
  runId: string;
}

/** A one-line subject, a blank line, then the trailers (the shape `git interpret-trailers` reads). */
export function commitMessage(subject: string, stamp: TaskStamp): string {
  return `${oneLine(subject) || stamp.taskId}\n\n${TASK_TRAILER}: ${stamp.taskId}\n${RUN_TRAILER}: ${stamp.runId}\n`;
}

/** Titles come from plans and may hold newlines; a subject is one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The `Wavelane-Task` values of a commit (usually one), or [] when it has none or does not exist. */
export async function taskTrailersOf(cwd: string, commit: string): Promise<string[]> {
  const result = await runGit(
    ['show', '-s', `--format=%(trailers:key=${TASK_TRAILER},valueonly,unfold)`, '--end-of-options', commit],
    { cwd },
  );
  if (result.code !== 0) return [];
  return result.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}
