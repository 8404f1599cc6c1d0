import { useId, useState } from 'react';
import { useStore } from 'zustand';
import type { AgentInfo } from '../../../shared/board/board';
import type { ConflictFile, ConflictSession } from '../../../shared/conflicts/conflict';
import type { ConflictDialogController } from './conflictDialogController';
import { completeStatus, editorText, fileStatus, isLocked, workAtStake, type ConflictDialogState, type PendingAction } from './conflictDialogState';
import { ConflictFileList } from './ConflictFileList';
import { editorMode, fileKindLabel } from './fileKindLabel';
import { ThreeWayEditor } from './ThreeWayEditor';
import { WholeFileChoice } from './WholeFileChoice';
import { ConfirmStep, WideDialog } from './WideDialog';

interface Props {
  controller: ConflictDialogController;
  agents: readonly AgentInfo[];
  /** The task's own agent (or the plan's default), chosen first in the agent select. */
  defaultAgent: string | null;
  /** Shows the task's terminal, where an agent resolving the conflict works. */
  onWatchTerminal(): void;
}

/** Short commit ids, as git prints them. */
const SHORT_SHA = 7;

const PENDING_TEXT: Partial<Record<PendingAction, string>> = {
  load: 'Loading the conflict…',
  askAgent: 'Starting the agent…',
  complete: 'Committing the resolution…',
  abort: 'Aborting…',
};

function plural(count: number, word: string): string {
  return count === 1 ? `1 ${word}` : `${count} ${word}s`;
}

function Subtitle({ session }: { session: ConflictSession }) {
  return (
    <>
      <p>
        <strong>{session.title}</strong>: <code>{session.branch}</code> (theirs, {session.theirsCommit.slice(0, SHORT_SHA)}) conflicts with{' '}
        <code>{session.target}</code> (ours, {session.oursCommit.slice(0, SHORT_SHA)}).
      </p>
      <p className="muted">
        Nothing changes on {session.target} until you complete the merge; Abort leaves everything as it was.
      </p>
    </>
  );
}

function FileHeading({ file, state }: { file: ConflictFile; state: ConflictDialogState }) {
  const status = fileStatus(state, file);
  const agent = state.session?.agent;
  return (
    <header className="file-heading">
      <h3 className="file-heading-path">{file.path}</h3>
      <span className={`kind-label kind-${file.kind}`}>{fileKindLabel(file)}</span>
      {file.renamedFrom && <span className="muted">renamed from {file.renamedFrom}</span>}
      {(status === 'agent' || status === 'agent-unreviewed') && (
        <span className="agent-note">Resolved by the agent{agent ? ` (${agent})` : ''}: review it before completing.</span>
      )}
    </header>
  );
}

function FilePanel({ controller, state, file }: { controller: ConflictDialogController; state: ConflictDialogState; file: ConflictFile }) {
  const session = state.session!;
  const locked = isLocked(state);
  const mode = editorMode(file);
  return (
    <div className="conflict-file-panel">
      <FileHeading file={file} state={state} />
      {mode === 'three-way' ? (
        <ThreeWayEditor
          key={file.path}
          file={file}
          target={session.target}
          branch={session.branch}
          text={editorText(state, file)}
          locked={locked}
          onChange={(text) => controller.edit(file.path, text)}
          onMarkResolved={(text) => void controller.resolveFile(file.path, { kind: 'content', text })}
        />
      ) : (
        <WholeFileChoice
          key={file.path}
          file={file}
          target={session.target}
          branch={session.branch}
          locked={locked}
          onResolve={(resolution) => void controller.resolveFile(file.path, resolution)}
        />
      )}
    </div>
  );
}

function AgentSelect({ agents, value, onChange, disabled }: { agents: readonly AgentInfo[]; value: string; onChange(id: string): void; disabled: boolean }) {
  const id = useId();
  if (agents.length === 0) return null;
  return (
    <span className="agent-select">
      <label htmlFor={id}>Agent</label>
      <select id={id} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value)}>
        {agents.map((agent) => (
          <option key={agent.id} value={agent.id} disabled={!agent.available}>
            {agent.available ? agent.id : `${agent.id} (not installed)`}
          </option>
        ))}
      </select>
    </span>
  );
}

/**
 * The "Resolve merge conflict" dialog: the conflicted files on the left, the open file's editor on the
 * right, and a footer to ask an agent, abort, or complete the merge (enabled once every file is
 * resolved and reviewed; the footer says why not).
 */
/** The built-in profile that runs prompts as bash scripts (see src/main/core/agents/builtinProfiles.ts). */
const SHELL_AGENT = 'shell';

export function ResolveConflictDialog({ controller, agents, defaultAgent, onWatchTerminal }: Props) {
  const state = useStore(controller.store);
  const reasonId = useId();
  // The shell profile runs its prompt as a script: it cannot be asked to resolve, so it is never the default.
  const takesPrompts = (entry: AgentInfo) => entry.available && entry.id !== SHELL_AGENT;
  const firstAvailable = agents.find(takesPrompts)?.id ?? '';
  const [agent, setAgent] = useState(() => (agents.some((entry) => entry.id === defaultAgent && takesPrompts(entry)) ? defaultAgent! : firstAvailable));
  const session = state.session;
  const locked = isLocked(state);
  const complete = completeStatus(state);
  const file = session?.files.find((entry) => entry.path === state.selected) ?? null;
  const busyText = state.pending ? PENDING_TEXT[state.pending] : undefined;
  const atStake = workAtStake(state);

  const confirm =
    state.confirming === 'abort' ? (
      <ConfirmStep
        title="Abort the resolution?"
        keepLabel="Keep resolving"
        onKeep={controller.cancelConfirm}
        goLabel="Throw away and close"
        onGo={() => void controller.abort()}
        busy={state.pending === 'abort'}
      >
        <p>
          Your choices for {plural(atStake, 'file')} are thrown away. The task stays in Needs attention with its branch and{' '}
          {session?.target ?? 'the target'} exactly as they were; you can resolve it again later.
        </p>
      </ConfirmStep>
    ) : state.confirming === 'close' ? (
      <ConfirmStep title="Close with unsaved edits?" keepLabel="Keep editing" onKeep={controller.cancelConfirm} goLabel="Discard edits" onGo={controller.close}>
        <p>
          Edits not marked resolved in {Object.keys(state.drafts).join(', ')} are lost. Files already marked resolved are kept for when you
          come back.
        </p>
      </ConfirmStep>
    ) : undefined;

  return (
    <WideDialog
      title="Resolve merge conflict"
      onClose={controller.close}
      subtitle={session ? <Subtitle session={session} /> : undefined}
      className="conflict-dialog"
      confirm={confirm}
    >
      {session?.phase === 'agent-running' && (
        <div role="status" className="agent-banner">
          <span className="spinner" aria-hidden="true" />
          <span>
            {session.agent ?? 'The agent'} is resolving the conflict in the task's worktree. Its result comes back here for review, file by
            file.
          </span>
          <button type="button" onClick={onWatchTerminal}>
            Watch in terminal
          </button>
        </div>
      )}
      {state.loadError !== null ? (
        <div className="conflict-load-error">
          <p role="alert" className="error">
            {state.loadError}
          </p>
          <button type="button" disabled={state.pending !== null} onClick={() => void controller.load()}>
            Try again
          </button>
        </div>
      ) : !session ? (
        <p className="muted conflict-loading">Loading the conflict…</p>
      ) : (
        <div className="conflict-body">
          <ConflictFileList files={session.files} selected={state.selected} statusOf={(entry) => fileStatus(state, entry)} onSelect={controller.select} />
          {file ? <FilePanel controller={controller} state={state} file={file} /> : <p className="muted">No conflicted files.</p>}
        </div>
      )}
      {state.error && (
        <p role="alert" className="error conflict-error">
          {state.error}
        </p>
      )}
      {session && (
        <footer className="conflict-footer">
          <AgentSelect agents={agents} value={agent} onChange={setAgent} disabled={locked} />
          <button type="button" disabled={locked || agent === ''} onClick={() => void controller.askAgent(agent || null)}>
            Ask agent to resolve
          </button>
          <span className="spacer" />
          <span id={reasonId} className="complete-reason" aria-live="polite">
            {busyText ?? complete.reason ?? 'Every file is resolved.'}
          </span>
          <button type="button" className="danger" disabled={state.pending !== null || session?.phase === 'completing'} onClick={() => void controller.abort()}>
            Abort
          </button>
          <button
            type="button"
            className="primary"
            disabled={!complete.enabled}
            aria-describedby={reasonId}
            aria-busy={state.pending === 'complete'}
            onClick={() => void controller.complete()}
          >
            Complete merge
          </button>
        </footer>
      )}
    </WideDialog>
  );
}
