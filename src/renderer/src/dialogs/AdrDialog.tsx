import { useState } from 'react';
import type { AdrStatus } from '../../../shared/plan/plan';
import { actions } from '../bridge';
import { ADR_STATUSES, adrToForm, formToAdr, type AdrForm } from '../board/planForms';
import { useAppStore } from '../store/appStore';
import type { ActionError } from '../store/boardActions';
import { Dialog, Field } from './Dialog';
import { describeError } from './TaskDialog';

/** Creates or edits an architecture decision record: the `dialog` "ADR". */
export function AdrDialog({ id }: { id: string | null }) {
  const existing = useAppStore((state) => (id ? (state.adrs[id] ?? null) : null));
  const adrIds = useAppStore((state) => state.adrIds);
  const objectiveIds = useAppStore((state) => state.objectiveIds);
  const objectives = useAppStore((state) => state.objectives);
  const filter = useAppStore((state) => state.objectiveFilter);
  const closeDialog = useAppStore((state) => state.closeDialog);
  const [form, setForm] = useState<AdrForm>(() => adrToForm(existing, filter));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const text = (key: 'title' | 'context' | 'decision' | 'consequences' | 'objective') => ({
    value: form[key],
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value }),
  });
  const run = async (work: () => Promise<ActionError>) => {
    setBusy(true);
    const failure = await work();
    setBusy(false);
    if (failure) setError(describeError(failure));
    else closeDialog();
  };
  const save = () => {
    const adr = formToAdr(form, existing, adrIds);
    if (!adr.ok) setError(describeError(adr.error));
    else void run(() => actions.saveAdr(adr.value));
  };

  return (
    <Dialog
      title="ADR"
      onClose={closeDialog}
      onSubmit={save}
      error={error}
      actions={
        <>
          {existing && (
            <button type="button" className="danger" disabled={busy} onClick={() => void run(() => actions.deleteAdr(existing.id))}>
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
    </Dialog>
  );
}
