import type { PathStages } from './conflictStages';

export interface AgentPromptInput {
  branch: string;
  target: string;
  task: { id: string; title: string; prompt: string };
  /** The conflicted paths and their versions (ours = target, theirs = task). */
  files: ReadonlyMap<string, PathStages>;
}

/**
 * The prompt of an agent asked to resolve a task's merge conflict: the files and what happened to each,
 * the task's intent (its title and prompt), and the rule that both sides' changes are kept. Plain text,
 * handed to the agent as a file or one argv entry (never through a shell).
 */
export function agentPrompt(input: AgentPromptInput): string {
  const { branch, target, task } = input;
  const files = [...input.files].map(([file, stages]) => `- ${file}: ${describe(stages, target)}`);
  return [
    `Resolve the merge conflicts in this git worktree. It is on the branch ${branch}, where task "${task.id}" did its work;`,
    `the target branch ${target} has just been merged into it, and these files conflict:`,
    '',
    ...files,
    '',
    `In a file with conflict markers, the section after "<<<<<<< HEAD" is this task's version and the section before`,
    `">>>>>>> ${target}" is what landed on ${target} while the task ran ("|||||||" starts the common base, when shown).`,
    '',
    'The task (its intent, which your resolution must keep):',
    `Title: ${task.title}`,
    task.prompt.trim() ? task.prompt.trim() : '(no prompt)',
    '',
    'Rules:',
    `1. Keep both sides' changes: everything that landed on ${target} AND everything this task changed. Never drop one side to make a conflict go away; combine them.`,
    '2. Remove every conflict marker (lines starting with <<<<<<<, |||||||, ======= or >>>>>>>) from the files above.',
    '3. Edit only the files listed above.',
    '4. Do not commit, stage, stash, reset, abort the merge or switch branches: the result is reviewed file by file and committed by Wavelane.',
    '',
  ].join('\n');
}

function describe(stages: PathStages, target: string): string {
  if (!stages.ours && !stages.theirs) return `renamed differently on ${target} and in this task (this old name is gone on both sides)`;
  if (!stages.ours) return `deleted (or renamed away) on ${target}, changed by this task: keep it, adapted, or delete it`;
  if (!stages.theirs) return `changed on ${target}, deleted (or renamed away) by this task: keep it or delete it`;
  if (!stages.base) return `added on both sides: merge the two versions (conflict markers in the file)`;
  return 'changed on both sides (conflict markers in the file)';
}
