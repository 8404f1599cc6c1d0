import { useId } from 'react';
import { useStore } from 'zustand';
import type { ChangedFile, TaskReview } from '../../../shared/contract/review';
import { ConfirmStep, WideDialog } from '../conflicts/WideDialog';
import { DiffView, fileAnchor } from './DiffView';
import { discardSummary, type DiffMode, type ReviewController, type ReviewState } from './reviewController';
import './review.css';

/** Short commit ids, as git prints them. */
const SHORT_SHA = 7;
/** Files the Discard confirmation lists by name before "and N more". */
const FILES_LISTED = 8;

const MODES: { mode: DiffMode; label: string }[] = [
  { mode: 'split', label: 'Side by side' },
  { mode: 'unified', label: 'Unified' },
];

function totals(files: readonly ChangedFile[]) {
  return {
    additions: files.reduce((sum, file) => sum + file.additions, 0),
    deletions: files.reduce((sum, file) => sum + file.deletions, 0),
  };
}

function Subtitle({ review }: { review: TaskReview }) {
  const { additions, deletions } = totals(review.files);
  return (
    <p>
      <code>{review.branch}</code> ({review.head.slice(0, SHORT_SHA)}) against {review.base.slice(0, SHORT_SHA)}: {review.files.length}{' '}
      {review.files.length === 1 ? 'file' : 'files'} changed, <span className="diff-count-add">+{additions}</span>{' '}
      <span className="diff-count-del">−{deletions}</span>
    </p>
  );
}

/** Scrolls the diff to a file's section: the file list and the diff match by order, path by path. */
function scrollToFile(state: ReviewState, path: string) {
  const index = state.review?.files.findIndex((file) => file.path === path) ?? -1;
  if (index >= 0) document.getElementById(fileAnchor(index))?.scrollIntoView({ block: 'start' });
}

function FilesChanged({ state }: { state: ReviewState }) {
  const files = state.review?.files ?? [];
  return (
    <nav className="review-files" aria-label="Files changed">
      <p className="conflict-files-summary">Files changed ({files.length})</p>
      <ul>
        {files.map((file) => (
          <li key={file.path}>
            <button type="button" className="review-file" onClick={() => scrollToFile(state, file.path)} title={file.oldPath ? `${file.oldPath} → ${file.path}` : file.path}>
              <span className="review-file-path">{file.path}</span>{' '}
              <span className="review-file-meta">
                <span className={`diff-status diff-status-${file.status}`}>{file.status}</span>{' '}
                {file.binary ? (
                  <span className="muted">binary</span>
                ) : (
                  <>
                    <span className="diff-count-add">+{file.additions}</span> <span className="diff-count-del">−{file.deletions}</span>
                  </>
                )}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function RequestChangesForm({ controller, state }: { controller: ReviewController; state: ReviewState }) {
  const id = useId();
  const hintId = useId();
  return (
    <form
      className="request-changes"
      onSubmit={(event) => {
        event.preventDefault();
        void controller.sendRequest();
      }}
    >
      <label htmlFor={id} className="review-label">
        Follow-up prompt
      </label>
      <textarea
        id={id}
        aria-describedby={hintId}
        rows={4}
        value={state.prompt}
        autoFocus
        onChange={(event) => controller.setPrompt(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void controller.sendRequest();
          }
        }}
      />
      <span id={hintId} className="review-hint">
        The same agent continues in the same worktree with this prompt; the task runs again and comes back for review. Ctrl+Enter sends.
      </span>
      <div className="confirm-actions">
        <span className="spacer" />
        <button type="button" onClick={controller.cancelRequest}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={state.pending !== null}>
          Send to agent
        </button>
      </div>
    </form>
  );
}

/**
 * The review of a finished task (`dialog` "Review <title>"): the files changed, each file's old and new
 * text side by side (or unified), and the decision: Approve and merge, Request changes with a follow-up prompt, or
 * Discard after a confirmation naming the branch, the worktree and the work that is lost.
 */
export function ReviewPanel({ controller, title }: { controller: ReviewController; title: string }) {
  const state = useStore(controller.store);
  const review = state.review;
  const busy = state.pending !== null;

  const confirm =
    state.confirmingDiscard && review ? (
      <ConfirmStep
        title={`Discard ${review.title}?`}
        keepLabel="Keep it"
        onKeep={controller.cancelDiscard}
        goLabel="Discard branch and worktree"
        onGo={() => void controller.discard()}
        busy={state.pending === 'discard'}
      >
        <p>{discardSummary(review)}</p>
        {review.files.length > 0 && (
          <ul>
            {review.files.slice(0, FILES_LISTED).map((file) => (
              <li key={file.path}>
                <code>{file.path}</code>
              </li>
            ))}
            {review.files.length > FILES_LISTED && <li>and {review.files.length - FILES_LISTED} more</li>}
          </ul>
        )}
      </ConfirmStep>
    ) : undefined;

  return (
    <WideDialog title={`Review ${review?.title ?? title}`} onClose={controller.close} subtitle={review ? <Subtitle review={review} /> : undefined} confirm={confirm}>
      {state.loadError !== null ? (
        <div className="conflict-load-error">
          <p role="alert" className="error">
            {state.loadError}
          </p>
          <button type="button" disabled={busy} onClick={() => void controller.load()}>
            Try again
          </button>
        </div>
      ) : !review ? (
        <p className="muted conflict-loading">Loading the change…</p>
      ) : (
        <div className="review-body">
          <FilesChanged state={state} />
          <div className="review-diff">
            <div className="review-toolbar">
              <div role="group" aria-label="Diff view" className="segmented">
                {MODES.map(({ mode, label }) => (
                  <button key={mode} type="button" aria-pressed={state.mode === mode} onClick={() => controller.setMode(mode)}>
                    {label}
                  </button>
                ))}
              </div>
            </div>
            <DiffView files={review.files} mode={state.mode} />
          </div>
        </div>
      )}
      {state.error && (
        <p role="alert" className="error conflict-error">
          {state.error}
        </p>
      )}
      {state.composing && review ? (
        <div className="review-footer">
          <RequestChangesForm controller={controller} state={state} />
        </div>
      ) : (
        <footer className="conflict-footer">
          <button type="button" className="danger" disabled={busy || !review} onClick={controller.askDiscard}>
            Discard
          </button>
          <span className="spacer" />
          <button type="button" disabled={busy || !review} onClick={controller.startRequest}>
            Request changes
          </button>
          <button type="button" className="primary" disabled={busy || !review} aria-busy={state.pending === 'approve'} onClick={() => void controller.approve()}>
            Approve and merge
          </button>
        </footer>
      )}
    </WideDialog>
  );
}
