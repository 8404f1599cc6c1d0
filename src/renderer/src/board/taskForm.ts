import type { PlanTask } from '../../../shared/plan/plan';
import type { Result } from '../../../shared/result';
import { idProblem } from '../../../shared/plan/planId';
import { isValidId, slugId, splitIds, splitLines } from './entityIds';

/** The task dialog's fields, as the user types them. */
export interface TaskForm {
  id: string;
  title: string;
  prompt: string;
  /** '' for none. */
  objective: string;
  adrs: string;
  dependsOn: string;
  files: string;
  reads: string;
  /** '' for the plan's default agent. */
  agent: string;
  /** US dollars, '' for no budget. */
  budgetUsd: string;
  /** Tokens, '' for no budget. */
  budgetTokens: string;
  /** Review before merge for this task alone (the run's setting covers every task). */
  review: boolean;
}

/** The fields typed as text (all but the checkbox). */
export type TaskTextField = { [K in keyof TaskForm]: TaskForm[K] extends string ? K : never }[keyof TaskForm];

/** What `board.saveTask` takes: the contract's task input (no `status`, which only plan files carry). */
export type TaskInput = Omit<PlanTask, 'status'>;

export function taskToForm(task: PlanTask | null, objective: string | null = null): TaskForm {
  return {
    id: task?.id ?? '',
    title: task?.title ?? '',
    prompt: task?.prompt ?? '',
    objective: task?.objective ?? objective ?? '',
    adrs: (task?.adrs ?? []).join(', '),
    dependsOn: (task?.dependsOn ?? []).join(', '),
    files: (task?.files ?? []).join('\n'),
    reads: (task?.reads ?? []).join('\n'),
    agent: task?.agent ?? '',
    budgetUsd: task?.budgetUsd === undefined ? '' : String(task.budgetUsd),
    budgetTokens: task?.budgetTokens === undefined ? '' : String(task.budgetTokens),
    review: task?.review === true,
  };
}

/**
 * The task to save from the dialog's fields. A new task gets an id from its title; an edited one
 * keeps its id and the fields the dialog does not show (timeout, retries, priority, estimate).
 */
export function formToTask(
  form: TaskForm,
  existing: PlanTask | null,
  takenIds: ReadonlySet<string>,
): Result<TaskInput, 'INVALID_INPUT'> {
  const title = form.title.trim();
  if (!title) return { ok: false, error: { code: 'INVALID_INPUT', message: 'A task needs a title.', where: 'Title' } };
  const id = existing?.id ?? (form.id.trim() || slugId(title, takenIds));
  const problem = idProblem(id);
  if (problem !== null) return { ok: false, error: { code: 'INVALID_INPUT', message: `Id ${problem}.`, where: 'Id' } };
  if (!existing && takenIds.has(id)) {
    return { ok: false, error: { code: 'INVALID_INPUT', message: `A task with id "${id}" already exists.`, where: 'Id' } };
  }
  const dependsOn = splitIds(form.dependsOn);
  const adrs = splitIds(form.adrs);
  const badId = [...dependsOn, ...adrs].find((ref) => !isValidId(ref));
  if (badId !== undefined) {
    return { ok: false, error: { code: 'INVALID_INPUT', message: `"${badId}" is not a valid id.`, where: 'Depends on' } };
  }
  if (dependsOn.includes(id)) {
    return { ok: false, error: { code: 'INVALID_INPUT', message: `${id} cannot depend on itself.`, where: 'Depends on' } };
  }
  const agent = form.agent.trim();
  if (agent && !isValidId(agent)) {
    return { ok: false, error: { code: 'INVALID_INPUT', message: `"${agent}" is not a valid agent id.`, where: 'Agent' } };
  }
  const budgetUsd = form.budgetUsd.trim();
  if (budgetUsd && !(/^\d+(\.\d+)?$/.test(budgetUsd) && Number(budgetUsd) > 0)) {
    return { ok: false, error: { code: 'INVALID_INPUT', message: `The budget must be a positive amount of US dollars, not "${budgetUsd}".`, where: 'Budget (USD)' } };
  }
  const budgetTokens = form.budgetTokens.trim().replace(/[,_ ]/g, '');
  if (budgetTokens && !(/^\d+$/.test(budgetTokens) && Number(budgetTokens) > 0)) {
    return { ok: false, error: { code: 'INVALID_INPUT', message: `The token budget must be a positive whole number, not "${form.budgetTokens.trim()}".`, where: 'Budget (tokens)' } };
  }
  const { status: _status, ...kept } = existing ?? ({} as Partial<PlanTask>);
  const task: TaskInput = { ...kept, id, title, prompt: form.prompt };
  setOrDrop(task, 'objective', form.objective.trim() || undefined);
  setOrDrop(task, 'adrs', adrs.length > 0 ? adrs : undefined);
  setOrDrop(task, 'dependsOn', dependsOn.length > 0 ? dependsOn : undefined);
  setOrDrop(task, 'files', nonEmpty(splitLines(form.files)));
  setOrDrop(task, 'reads', nonEmpty(splitLines(form.reads)));
  setOrDrop(task, 'agent', agent || undefined);
  setOrDrop(task, 'budgetUsd', budgetUsd ? Number(budgetUsd) : undefined);
  setOrDrop(task, 'budgetTokens', budgetTokens ? Number(budgetTokens) : undefined);
  // Off is the default: it is left out rather than saved as `false`.
  setOrDrop(task, 'review', form.review || undefined);
  return { ok: true, value: task };
}

function nonEmpty(list: string[]): string[] | undefined {
  return list.length > 0 ? list : undefined;
}

/** The contract's schemas are strict: an absent field is left out, never sent as `undefined`. */
function setOrDrop<K extends keyof TaskInput>(task: TaskInput, key: K, value: TaskInput[K] | undefined): void {
  if (value === undefined) delete task[key];
  else task[key] = value;
}
