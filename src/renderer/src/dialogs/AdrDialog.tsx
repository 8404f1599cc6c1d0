import { useState } from 'react';
import type { AdrStatus } from '../../../shared/plan/plan';
import { actions } from '../bridge';
import { ADR_STATUSES, adrToForm, formToAdr, type AdrForm } from '../board/planForms';
import { useAppStore } from '../store/appStore';
import { Field } from './Dialog';
import { EditorDialog } from './EditorDialog';

/** Creates or edits an architecture decision record: the `dialog` "ADR". */
export function AdrDialog({ id }: { id: string | null }) {
  const existing = useAppStore((state) => (id ? (state.adrs[id] ?? null) : null));
  const adrIds = useAppStore((state) => state.adrIds);
  const objectiveIds = useAppStore((state) => state.objectiveIds);
  const objectives = useAppStore((state) => state.objectives);
  const filter = useAppStore((state) => state.objectiveFilter);
  const [form, setForm] = useState<AdrForm>(() => adrToForm(existing, filter));

  const text = (key: 'title' | 'context' | 'decision' | 'consequences' | 'objective') => ({
    value: form[key],
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value }),
  });

  return (
    <EditorDialog
      title="ADR"
      build={() => formToAdr(form, existing, adrIds)}
      save={(value) => actions.saveAdr(value)}
      {...(existing ? { remove: () => actions.deleteAdr(existing.id) } : {})}
    >
      {existing && <p className="field-hint">Id: {existing.id}</p>}
      <Field label="Title">{(control) => <input {...control} {...text('title')} required />}</Field>
      <Field label="Status">
        {(control) => (
          <select {...control} value={form.status} onChange={(event) => setForm({ ...form, status: event.target.value as AdrStatus })}>
            {ADR_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Objective">
        {(control) => (
          <select {...control} {...text('objective')}>
            <option value="">None</option>
            {objectiveIds.map((objectiveId) => (
              <option key={objectiveId} value={objectiveId}>
                {objectives[objectiveId]?.title ?? objectiveId}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Context">{(control) => <textarea {...control} {...text('context')} rows={3} />}</Field>
      <Field label="Decision">{(control) => <textarea {...control} {...text('decision')} rows={3} />}</Field>
      <Field label="Consequences">{(control) => <textarea {...control} {...text('consequences')} rows={3} />}</Field>
    </EditorDialog>
  );
}
