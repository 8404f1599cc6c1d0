import type { ConflictFile, ConflictSession } from '../../../shared/conflicts/conflict';

/**
 * The resolution dialog as a pure state machine: what it shows, which file is open, edits not yet
 * marked resolved, and why "Complete merge" is not available yet. Requests live in
 * conflictDialogController; this file only says how each answer or event changes what is shown.
 */

export type PendingAction = 'load' | 'resolve' | 'askAgent' | 'complete' | 'abort';

export interface ConflictDialogState {
  session: ConflictSession | null;
  /** Why the session could not be loaded (the dialog shows only this, and Close). */
  loadError: string | null;
  /** The path open in the editor. */
  selected: string | null;
  /** Result text edited in the dialog and not marked resolved yet, by path. */
  drafts: Record<string, string>;
  /** Files settled by the agent that the user has opened since: an agent's work is reviewed file by file. */
  reviewed: string[];
  pending: PendingAction | null;
  /** Why the last step failed. */
  error: string | null;
  /** A step that loses something, waiting for the user to confirm. */
  confirming: 'abort' | 'close' | null;
}

export type ConflictDialogEvent =
  | { type: 'started'; action: PendingAction }
  /** The answer of a request that returns the session. */
  | { type: 'answered'; session: ConflictSession }
  /** A `conflict.changed` event: may arrive while a request is still on its way. */
  | { type: 'changed'; session: ConflictSession }
  | { type: 'failed'; action: PendingAction; message: string }
  /** A request that does not return the session finished (complete, abort). */
  | { type: 'settled' }
  | { type: 'select'; path: string }
  | { type: 'edit'; path: string; text: string }
  | { type: 'confirm'; which: 'abort' | 'close' }
  | { type: 'cancelConfirm' };

export function initialState(): ConflictDialogState {
  return { session: null, loadError: null, selected: null, drafts: {}, reviewed: [], pending: 'load', error: null, confirming: null };
}

export function isSettled(file: ConflictFile): boolean {
  return file.resolution !== null;
}

function firstToOpen(session: ConflictSession, reviewed: readonly string[]): string | null {
  const unreviewed = session.files.find((file) => file.resolvedBy === 'agent' && !reviewed.includes(file.path));
  const unresolved = session.files.find((file) => !isSettled(file));
  return (unreviewed ?? unresolved ?? session.files[0])?.path ?? null;
}

/** Opening a file the agent settled counts as reviewing it. */
function withReviewed(reviewed: string[], session: ConflictSession | null, path: string | null): string[] {
  const file = session?.files.find((entry) => entry.path === path);
  if (!file || file.resolvedBy !== 'agent' || reviewed.includes(file.path)) return reviewed;
  return [...reviewed, file.path];
}

/**
 * A new session replaces the old one. A draft is dropped once its file's result or resolution changed
 * (the user marked it resolved, or the agent rewrote it); a file the agent re-settles needs a new look.
 */
function applySession(state: ConflictDialogState, session: ConflictSession): ConflictDialogState {
  const previous = new Map((state.session?.files ?? []).map((file) => [file.path, file]));
  const drafts: Record<string, string> = {};
  let reviewed = state.reviewed;
  for (const file of session.files) {
    const before = previous.get(file.path);
    const changed = before !== undefined && (before.result !== file.result || !sameResolution(before, file));
    const draft = state.drafts[file.path];
    if (draft !== undefined && !changed) drafts[file.path] = draft;
    if (changed && file.resolvedBy === 'agent') reviewed = reviewed.filter((path) => path !== file.path);
  }
  reviewed = reviewed.filter((path) => session.files.some((file) => file.path === path));
  const agentFinished = state.session?.phase === 'agent-running' && session.phase !== 'agent-running';
  const stillThere = session.files.some((file) => file.path === state.selected);
  const selected = !stillThere || agentFinished ? firstToOpen(session, reviewed) : state.selected;
  return { ...state, session, drafts, selected, reviewed: withReviewed(reviewed, session, selected), loadError: null };
}

function sameResolution(a: ConflictFile, b: ConflictFile): boolean {
  return a.resolvedBy === b.resolvedBy && JSON.stringify(a.resolution) === JSON.stringify(b.resolution);
}

export function reduce(state: ConflictDialogState, event: ConflictDialogEvent): ConflictDialogState {
  switch (event.type) {
    case 'started':
      return { ...state, pending: event.action, error: null, confirming: null };
    case 'answered':
      return { ...applySession(state, event.session), pending: null, error: event.session.message };
    case 'changed':
      if (state.session && event.session.taskId !== state.session.taskId) return state;
      return { ...applySession(state, event.session), error: event.session.message ?? state.error };
    case 'failed':
      if (event.action === 'load' && state.session === null) return { ...state, pending: null, loadError: event.message };
      return { ...state, pending: null, error: event.message };
    case 'settled':
      return { ...state, pending: null };
    case 'select': {
      if (!state.session?.files.some((file) => file.path === event.path)) return state;
      return { ...state, selected: event.path, reviewed: withReviewed(state.reviewed, state.session, event.path) };
    }
    case 'edit': {
      const file = state.session?.files.find((entry) => entry.path === event.path);
      if (!file) return state;
      const { [event.path]: _old, ...rest } = state.drafts;
      // Typing back to the saved text is no edit at all.
      return { ...state, drafts: event.text === file.result ? rest : { ...rest, [event.path]: event.text } };
    }
    case 'confirm':
      return { ...state, confirming: event.which };
    case 'cancelConfirm':
      return { ...state, confirming: null };
  }
}

/** The text the editor of a file starts from: the user's unsaved edit, else the session's result. */
export function editorText(state: ConflictDialogState, file: ConflictFile): string {
  return state.drafts[file.path] ?? file.result ?? '';
}

/** While the agent works, or a step is on its way, nothing can be changed. */
export function isLocked(state: ConflictDialogState): boolean {
  return state.pending !== null || state.session === null || state.session.phase !== 'open';
}

/** True once the session is over and the dialog should close. */
export function isOver(state: ConflictDialogState): boolean {
  return state.session?.phase === 'completed' || state.session?.phase === 'aborted';
}

export type FileStatus = 'unresolved' | 'edited' | 'resolved' | 'agent' | 'agent-unreviewed';

/** What the file list shows beside a file. */
export function fileStatus(state: ConflictDialogState, file: ConflictFile): FileStatus {
  if (state.drafts[file.path] !== undefined) return 'edited';
  if (!isSettled(file)) return 'unresolved';
  if (file.resolvedBy === 'agent') return state.reviewed.includes(file.path) ? 'agent' : 'agent-unreviewed';
  return 'resolved';
}

/** How many paths a reason names before "and N more": enough to find them, short enough to read. */
const PATHS_NAMED = 3;

function namePaths(paths: readonly string[]): string {
  if (paths.length <= PATHS_NAMED) return paths.join(', ');
  return `${paths.slice(0, PATHS_NAMED).join(', ')} and ${paths.length - PATHS_NAMED} more`;
}

function files(count: number): string {
  return count === 1 ? '1 file' : `${count} files`;
}

/** Whether "Complete merge" can run, and if not, the one sentence saying why. */
export function completeStatus(state: ConflictDialogState): { enabled: boolean; reason: string | null } {
  const session = state.session;
  if (!session) return { enabled: false, reason: state.loadError ?? 'Loading the conflict…' };
  if (session.phase === 'agent-running') return { enabled: false, reason: `${session.agent ?? 'The agent'} is still resolving the conflict.` };
  if (session.phase === 'completing') return { enabled: false, reason: 'Completing the merge…' };
  if (session.phase !== 'open') return { enabled: false, reason: null };
  const unresolved = session.files.filter((file) => !isSettled(file)).map((file) => file.path);
  if (unresolved.length > 0) return { enabled: false, reason: `${files(unresolved.length)} still to resolve: ${namePaths(unresolved)}.` };
  const edited = Object.keys(state.drafts);
  if (edited.length > 0) return { enabled: false, reason: `Edits not marked resolved in ${namePaths(edited)}.` };
  const unreviewed = session.files.filter((file) => fileStatus(state, file) === 'agent-unreviewed').map((file) => file.path);
  if (unreviewed.length > 0) return { enabled: false, reason: `Review the agent's resolution of ${namePaths(unreviewed)} first.` };
  return { enabled: state.pending === null, reason: null };
}

/** What "Abort" would throw away: settled files and unsaved edits (nothing means no need to ask). */
export function workAtStake(state: ConflictDialogState): number {
  const settled = new Set((state.session?.files ?? []).filter(isSettled).map((file) => file.path));
  for (const path of Object.keys(state.drafts)) settled.add(path);
  return settled.size;
}
