import { useState } from 'react';
import { actions } from '../bridge';
import { formToObjective, objectiveToForm, type ObjectiveForm } from '../board/planForms';
import { useAppStore } from '../store/appStore';
import { Field } from './Dialog';
import { EditorDialog } from './EditorDialog';

/** Creates or edits an objective: the `dialog` "Objective". */
export function ObjectiveDialog({ id }: { id: string | null }) {
  const existing = useAppStore((state) => (id ? (state.objectives[id] ?? null) : null));
  const objectives = useAppStore((state) => state.objectives);
  const [form, setForm] = useState<ObjectiveForm>(() => objectiveToForm(existing));

  return (
    <EditorDialog
      title="Objective"
      build={() => formToObjective(form, existing, new Set(Object.keys(objectives)))}
      save={(value) => actions.saveObjective(value)}
      {...(existing ? { remove: () => actions.deleteObjective(existing.id) } : {})}
    >
      <Field label="Title">
        {(control) => <input {...control} value={form.title} onChange={(event) => setForm({ ...form, title: event.target.value })} required />}
      </Field>
      <Field label="Description">
        {(control) => (
          <textarea {...control} rows={4} value={form.description} onChange={(event) => setForm({ ...form, description: event.target.value })} />
        )}
      </Field>
    </EditorDialog>
  );
}
