import { useState } from 'react';
import { actions } from '../bridge';
import { formToObjective, objectiveToForm, type ObjectiveForm } from '../board/planForms';
import { useAppStore } from '../store/appStore';
import type { ActionError } from '../store/boardActions';
import { Dialog, Field } from './Dialog';
import { describeError } from './TaskDialog';

/** Creates or edits an objective: the `dialog` "Objective". */
export function ObjectiveDialog({ id }: { id: string | null }) {
  const existing = useAppStore((state) => (id ? (state.objectives[id] ?? null) : null));
  const objectives = useAppStore((state) => state.objectives);
  const closeDialog = useAppStore((state) => state.closeDialog);
  const [form, setForm] = useState<ObjectiveForm>(() => objectiveToForm(existing));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<ActionError>) => {
    setBusy(true);
    const failure = await work();
    setBusy(false);
    if (failure) setError(describeError(failure));
    else closeDialog();
  };
  const save = () => {
    const objective = formToObjective(form, existing, new Set(Object.keys(objectives)));
    if (!objective.ok) setError(describeError(objective.error));
    else void run(() => actions.saveObjective(objective.value));
  };

  return (
    <Dialog
      title="Objective"
      onClose={closeDialog}
      onSubmit={save}
      error={error}
      actions={
        <>
          {existing && (
            <button type="button" className="danger" disabled={busy} onClick={() => void run(() => actions.deleteObjective(existing.id))}>
              Delete
            </button>
          )}
          <span className="spacer" />
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save
          </button>
        </>
      }
    >
      <Field label="Title">
        {(control) => <input {...control} value={form.title} onChange={(event) => setForm({ ...form, title: event.target.value })} required />}
      </Field>
      <Field label="Description">
        {(control) => (
          <textarea {...control} rows={4} value={form.description} onChange={(event) => setForm({ ...form, description: event.target.value })} />
        )}
      </Field>
    </Dialog>
  );
}
