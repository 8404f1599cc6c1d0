import { useState, type ReactNode } from 'react';
import type { Result } from '../../../shared/result';
import type { ActionError } from '../store/boardActions';
import { useAppStore } from '../store/appStore';
import { Dialog } from './Dialog';

export function describeError(error: NonNullable<ActionError>): string {
  const where = error.where ? ` (${error.where})` : '';
  return [error.message + where, ...(error.details ?? [])].join('\n');
}

export interface EditorDialogProps<T> {
  title: string;
  /** Turns the form into what is saved, or says what is wrong with it. */
  build(): Result<T>;
  save(value: T): Promise<ActionError>;
  /** Present for an existing entity: offers Delete. */
  remove?: () => Promise<ActionError>;
  children: ReactNode;
}

/**
 * The editor dialogs' shared frame (Task, Objective, ADR): Save builds and saves the form, Delete removes
 * the entity, either closes the dialog on success and shows the core's message (with where and details)
 * on failure, and the buttons wait while a request is out.
 */
export function EditorDialog<T>({ title, build, save, remove, children }: EditorDialogProps<T>) {
  const closeDialog = useAppStore((state) => state.closeDialog);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<ActionError>) => {
    setBusy(true);
    const failure = await work();
    setBusy(false);
    if (failure) setError(describeError(failure));
    else closeDialog();
  };
  const submit = () => {
    const built = build();
    if (!built.ok) setError(describeError(built.error));
    else void run(() => save(built.value));
  };

  return (
    <Dialog
      title={title}
      onClose={closeDialog}
      onSubmit={submit}
      error={error}
      actions={
        <>
          {remove && (
            <button type="button" className="danger" disabled={busy} onClick={() => void run(remove)}>
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
      {children}
    </Dialog>
  );
}
