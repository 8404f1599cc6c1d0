import { useState, type KeyboardEvent, type SyntheticEvent } from 'react';
import { bridge } from '../bridge';
import { useAppStore } from '../store/appStore';
import { createVerifyActions } from './verifyActions';
import { parseVerifyFailure } from './parseVerifyFailure';
import './review.css';

const actions = createVerifyActions((name, input) => bridge.request(name, input), useAppStore);

/** Clicks, keys and presses here are the output's and the buttons', not the card's (no drag, no terminal focus). */
const keep = (event: SyntheticEvent) => event.stopPropagation();
const keepKeys = (event: KeyboardEvent) => event.stopPropagation();

/**
 * On a card in Needs attention whose verify failed: the command's output (monospace, scrollable,
 * selectable) and the two ways on, Retry and Ask agent to fix. Renders nothing for any other card.
 */
export function VerifyFailure({ taskId, title }: { taskId: string; title: string }) {
  // Select the task itself (a stable reference); a fresh object from the selector would re-render forever.
  const runTask = useAppStore((state) => state.runTasks[taskId]);
  const failure = parseVerifyFailure(runTask);
  const [busy, setBusy] = useState(false);
  if (!failure) return null;

  const run = (action: (id: string) => Promise<boolean>) => {
    setBusy(true);
    void action(taskId).finally(() => setBusy(false));
  };

  return (
    <div className="verify-failure" onClick={keep} onPointerDown={keep} onKeyDown={keepKeys}>
      <p className="verify-summary" title={failure.summary}>
        {failure.summary}
      </p>
      {failure.output && (
        <pre className="verify-output" tabIndex={0} aria-label={`Verify output of ${title}`}>
          {failure.output}
        </pre>
      )}
      <div className="verify-actions">
        <button type="button" disabled={busy} onClick={() => run(actions.retry)}>
          Retry
        </button>
        <button type="button" disabled={busy} onClick={() => run(actions.fix)}>
          Ask agent to fix
        </button>
      </div>
    </div>
  );
}
