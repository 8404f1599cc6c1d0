import { createStore } from 'zustand/vanilla';
import type { RunSnapshot } from '../../../shared/board/board';
import type { ConflictSession, FileResolution } from '../../../shared/conflicts/conflict';
import type { WavelaneBridge } from '../../../shared/contract/index';
import { initialState, isOver, reduce, workAtStake, type ConflictDialogEvent, type ConflictDialogState, type PendingAction } from './conflictDialogState';

export interface ConflictDialogPorts {
  request: WavelaneBridge['request'];
  /** The run as `conflict.complete` answered it: the board moves the card back into the queue. */
  applyRun(run: RunSnapshot): void;
  /** The dialog is done: completed, aborted, or closed by the user (the session stays open in the core). */
  close(): void;
}

/**
 * What the resolution dialog asks of the core, and how each answer lands in its state. Kept apart from
 * React so the flows (resolve, ask the agent, complete, abort, confirmations) are testable with a
 * scripted core.
 */
export function createConflictDialog(taskId: string, ports: ConflictDialogPorts) {
  const store = createStore<ConflictDialogState>()(() => initialState());
  let closed = false;
  const state = () => store.getState();
  const dispatch = (event: ConflictDialogEvent) => {
    if (!closed) store.setState(reduce(state(), event), true);
  };
  const close = () => {
    if (closed) return;
    closed = true;
    ports.close();
  };
  const settleIfOver = () => {
    if (isOver(state())) close();
  };

  async function ask(action: PendingAction, call: () => ReturnType<WavelaneBridge['request']>): Promise<void> {
    dispatch({ type: 'started', action });
    const outcome = await call();
    if (outcome.ok) dispatch({ type: 'answered', session: outcome.value as ConflictSession });
    else dispatch({ type: 'failed', action, message: outcome.error.message });
    settleIfOver();
  }

  /** After a failed step the core may have moved on (a new conflict, a finished agent): show where it is now. */
  async function refresh(): Promise<void> {
    const outcome = await ports.request('conflict.get', { taskId });
    if (outcome.ok) dispatch({ type: 'changed', session: outcome.value });
    settleIfOver();
  }

  async function abortNow(): Promise<void> {
    dispatch({ type: 'started', action: 'abort' });
    const outcome = await ports.request('conflict.abort', { taskId });
    if (!outcome.ok) {
      dispatch({ type: 'failed', action: 'abort', message: outcome.error.message });
      return;
    }
    dispatch({ type: 'settled' });
    close();
  }

  return {
    store,

    load: () => ask('load', () => ports.request('conflict.get', { taskId })),

    /** A `conflict.changed` event (the agent's progress, or another window's choice). */
    onChanged(session: ConflictSession): void {
      if (session.taskId !== taskId) return;
      dispatch({ type: 'changed', session });
      settleIfOver();
    },

    select: (path: string) => dispatch({ type: 'select', path }),
    edit: (path: string, text: string) => dispatch({ type: 'edit', path, text }),

    resolveFile: (path: string, resolution: FileResolution) =>
      ask('resolve', () => ports.request('conflict.resolveFile', { taskId, path, resolution })),

    askAgent: (agent: string | null) =>
      ask('askAgent', () => ports.request('conflict.askAgent', agent ? { taskId, agent } : { taskId })),

    async complete(): Promise<void> {
      dispatch({ type: 'started', action: 'complete' });
      const outcome = await ports.request('conflict.complete', { taskId });
      if (!outcome.ok) {
        dispatch({ type: 'failed', action: 'complete', message: outcome.error.message });
        await refresh();
        return;
      }
      if (outcome.value) ports.applyRun(outcome.value);
      dispatch({ type: 'settled' });
      close();
    },

    /** Abort asks first when it would throw away settled files or edits. */
    async abort(): Promise<void> {
      if (workAtStake(state()) > 0 && state().confirming !== 'abort') {
        dispatch({ type: 'confirm', which: 'abort' });
        return;
      }
      await abortNow();
    },

    /** Closing keeps the session (reopening continues it); only unsaved edits would be lost, so those ask first. */
    close(): void {
      if (Object.keys(state().drafts).length > 0 && state().confirming !== 'close') {
        dispatch({ type: 'confirm', which: 'close' });
        return;
      }
      close();
    },

    cancelConfirm: () => dispatch({ type: 'cancelConfirm' }),
  };
}

export type ConflictDialogController = ReturnType<typeof createConflictDialog>;
