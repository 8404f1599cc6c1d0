import type { Adr, AdrStatus, Objective } from '../../../shared/plan/plan';
import type { Result } from '../../../shared/result';
import { nextAdrId, slugId } from './entityIds';

export interface ObjectiveForm {
  title: string;
  description: string;
}

export interface AdrForm {
  title: string;
  status: AdrStatus;
  /** '' for none. */
  objective: string;
  context: string;
  decision: string;
  consequences: string;
}

export const ADR_STATUSES: readonly AdrStatus[] = ['proposed', 'accepted', 'superseded'];

export function objectiveToForm(objective: Objective | null): ObjectiveForm {
  return { title: objective?.title ?? '', description: objective?.description ?? '' };
}

export function formToObjective(
  form: ObjectiveForm,
  existing: Objective | null,
  takenIds: ReadonlySet<string>,
): Result<Objective, 'INVALID_INPUT'> {
  const title = form.title.trim();
  if (!title) return { ok: false, error: { code: 'INVALID_INPUT', message: 'An objective needs a title.', where: 'Title' } };
  const objective: Objective = { id: existing?.id ?? slugId(title, takenIds, 'objective'), title };
  if (form.description.trim()) objective.description = form.description;
  return { ok: true, value: objective };
}

export function adrToForm(adr: Adr | null, objective: string | null = null): AdrForm {
  return {
    title: adr?.title ?? '',
    status: adr?.status ?? 'proposed',
    objective: adr?.objective ?? objective ?? '',
    context: adr?.context ?? '',
    decision: adr?.decision ?? '',
    consequences: adr?.consequences ?? '',
  };
}

export function formToAdr(form: AdrForm, existing: Adr | null, takenIds: Iterable<string>): Result<Adr, 'INVALID_INPUT'> {
  const title = form.title.trim();
  if (!title) return { ok: false, error: { code: 'INVALID_INPUT', message: 'An ADR needs a title.', where: 'Title' } };
  const adr: Adr = { id: existing?.id ?? nextAdrId(takenIds), title, status: form.status };
  if (form.objective) adr.objective = form.objective;
  if (form.context.trim()) adr.context = form.context;
  if (form.decision.trim()) adr.decision = form.decision;
  if (form.consequences.trim()) adr.consequences = form.consequences;
  return { ok: true, value: adr };
}
