import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import './dialogs.css';

interface Props {
  /** The dialog's accessible name, shown as its heading. */
  title: string;
  onClose(): void;
  onSubmit(): void;
  children: ReactNode;
  /** The form's buttons (a submit button submits). */
  actions: ReactNode;
  error?: string | null;
}

/**
 * A modal form: `role=dialog` named by its heading, focus on the first field, Escape closes, and focus
 * returns to where it was.
 */
export function Dialog({ title, onClose, onSubmit, children, actions, error }: Props) {
  const headingId = useId();
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    form.current?.querySelector<HTMLElement>('input, textarea, select, button')?.focus();
    return () => previous?.focus();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };

  return (
    <div className="overlay" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        className="dialog"
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            onClose();
          }
        }}
      >
        <h2 id={headingId} className="dialog-title">
          {title}
        </h2>
        <form ref={form} onSubmit={submit} className="dialog-form">
          {children}
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <div className="dialog-actions">{actions}</div>
        </form>
      </div>
    </div>
  );
}

interface FieldProps {
  label: string;
  hint?: string;
  /** Renders the control with the id the label points at (and the hint's id, to describe it). */
  children(control: { id: string; 'aria-describedby'?: string }): ReactNode;
}

/** A labelled field whose accessible name is exactly `label`; the hint describes it, apart from the name. */
export function Field({ label, hint, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children(hint ? { id, 'aria-describedby': hintId } : { id })}
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
    </div>
  );
}

interface CheckboxFieldProps {
  label: string;
  hint?: string;
  checked: boolean;
  onChange(checked: boolean): void;
}

/** A checkbox beside its label (accessible name exactly `label`), the hint describing it. */
export function CheckboxField({ label, hint, checked, onChange }: CheckboxFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id} className="field-check">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          onChange={(event) => onChange(event.target.checked)}
          {...(hint ? { 'aria-describedby': hintId } : {})}
        />
        {label}
      </label>
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
    </div>
  );
}
