import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import './conflicts.css';

interface Props {
  /** The dialog's accessible name, shown as its heading. */
  title: string;
  /** Escape, the Close button and a click outside all ask to close; the caller may confirm first. */
  onClose(): void;
  /** Under the heading: what the dialog is about. */
  subtitle?: ReactNode;
  children: ReactNode;
  className?: string;
  /** A question on top (ConfirmStep): everything else is inert and hidden from screen readers meanwhile. */
  confirm?: ReactNode;
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

/**
 * A large modal (the conflict resolution and the review): `role=dialog` named by its heading, focus
 * kept inside while it is open, Escape closes (unless an editor used the key), and focus returns to
 * where it was.
 */
export function WideDialog({ title, onClose, subtitle, children, className, confirm }: Props) {
  const headingId = useId();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    box.current?.focus();
    return () => previous?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || !box.current) return;
    const items = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (element) => element.offsetParent !== null && !element.closest('[inert]'),
    );
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && (document.activeElement === first || document.activeElement === box.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="wide-overlay" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div
        ref={box}
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        tabIndex={-1}
        className={`wide-dialog${className ? ` ${className}` : ''}`}
        onKeyDown={onKeyDown}
      >
        <div className="wide-dialog-content" inert={Boolean(confirm)} aria-hidden={confirm ? true : undefined}>
        <header className="wide-dialog-head">
          <div className="wide-dialog-heading">
            <h2 id={headingId} className="wide-dialog-title">
              {title}
            </h2>
            {subtitle && <div className="wide-dialog-subtitle">{subtitle}</div>}
          </div>
          <button type="button" className="wide-dialog-close" aria-label="Close" title="Close (Escape)" onClick={onClose}>
            ×
          </button>
        </header>
        {children}
        </div>
        {confirm}
      </div>
    </div>
  );
}

interface ConfirmProps {
  title: string;
  children: ReactNode;
  /** The safe choice: focused first, and what Escape does. */
  keepLabel: string;
  onKeep(): void;
  goLabel: string;
  onGo(): void;
  busy?: boolean;
}

/**
 * A question inside a dialog before a step that loses something (`role=alertdialog`); the caller makes
 * everything behind it inert, so only these two buttons can be reached.
 */
export function ConfirmStep({ title, children, keepLabel, onKeep, goLabel, onGo, busy = false }: ConfirmProps) {
  const headingId = useId();
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <div className="confirm-backdrop">
      <div
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={headingId}
        className="confirm-step"
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            onKeep();
          }
        }}
      >
        <h3 id={headingId}>{title}</h3>
        <div className="confirm-body">{children}</div>
        <div className="confirm-actions">
          <span className="spacer" />
          <button ref={keep} type="button" onClick={onKeep}>
            {keepLabel}
          </button>
          <button type="button" className="danger" onClick={onGo} disabled={busy}>
            {goLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
