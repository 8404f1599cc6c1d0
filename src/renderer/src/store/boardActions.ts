import type { BoardSettings, BoardSnapshot } from '../../../shared/board/board';
import type { RequestInput, RequestName, RequestResult, WavelaneBridge } from '../../../shared/contract/index';
import type { Adr, Objective } from '../../../shared/plan/plan';
import type { ContractError } from '../../../shared/result';
import type { ColumnId } from '../board/columns';
import type { TaskInput } from '../board/taskForm';
import type { AppStoreApi } from './appStore';

export type Request = WavelaneBridge['request'];

/** A failed request as the dialogs show it, or null when it worked. */
export type ActionError = ContractError | null;

/** Requests that answer with the new board: all of them apply it the same way. */
type BoardRequest = {
  [N in RequestName]: RequestResult<N> extends BoardSnapshot ? N : never;
}[RequestName];

/**
 * What the board asks of the core, and how each answer lands in the store. Kept apart from React so
 * the drop flow (optimistic move, then settle or refuse) is testable with a scripted core.
 */
export function createBoardActions(request: Request, store: AppStoreApi) {
  const state = () => store.getState();

  async function mutate<N extends BoardRequest>(name: N, input: RequestInput<N>): Promise<ActionError> {
    const outcome = await request(name, input);
    if (!outcome.ok) return outcome.error;
    state().applySnapshot(outcome.value as BoardSnapshot);
    return null;
  }

  async function move(id: string, to: 'backlog' | 'runParallel', index: number): Promise<void> {
    const outcome = await request('board.moveTask', { id, to, index });
    if (outcome.ok) state().settleDrop(id, outcome.value);
    else state().refuseDrop(id, outcome.error.message);
  }

  return {
    /** Fetches the board saved for the open repository; forgets the old one when none is open. */
    async loadBoard(): Promise<void> {
      const outcome = await request('board.get', {});
      if (outcome.ok) state().applySnapshot(outcome.value);
      else if (outcome.error.code === 'NO_PROJECT') state().clearBoard();
      else if (outcome.error.code !== 'DISCONNECTED') state().showNotice({ message: outcome.error.message });
    },

    /** Ends a drag and asks the core for the move; a running card first asks to be cancelled. */
    async drop(cardId: string, column: ColumnId | null, index: number): Promise<void> {
      const intent = state().endDrag(cardId, column, index);
      if (intent.kind === 'none') return;
      if (intent.kind === 'confirmCancel') {
        state().openDialog({ kind: 'confirmCancel', id: intent.id, to: intent.to, index: intent.index });
        return;
      }
      await move(intent.id, intent.to, intent.index);
    },

    /** The user confirmed "Cancel <title>?": cancel the agent, then put the card where it was dropped. */
    async confirmCancel(): Promise<void> {
      const dialog = state().dialog;
      if (dialog?.kind !== 'confirmCancel') return;
      state().closeDialog();
      const cancelled = await request('task.cancel', { id: dialog.id });
      if (!cancelled.ok) {
        state().refuseDrop(dialog.id, cancelled.error.message);
        return;
      }
      if (cancelled.value) state().applyRun(cancelled.value);
      await move(dialog.id, dialog.to, dialog.index);
    },

    declineCancel(): void {
      state().closeDialog();
      state().cancelDrag();
    },

    saveTask: (task: TaskInput) => mutate('board.saveTask', { task }),
    deleteTask: (id: string) => mutate('board.deleteTask', { id }),
    saveObjective: (objective: Objective) => mutate('board.saveObjective', { objective }),
    deleteObjective: (id: string) => mutate('board.deleteObjective', { id }),
    saveAdr: (adr: Adr) => mutate('board.saveAdr', { adr }),
    deleteAdr: (id: string) => mutate('board.deleteAdr', { id }),

    async setSettings(settings: Partial<BoardSettings>): Promise<void> {
      const error = await mutate('board.setSettings', settings);
      if (error) state().showNotice({ message: error.message, ...(error.details ? { details: error.details } : {}) });
    },

    /** Saves max parallel when it differs from the board's, then starts the run of the lane. */
    async startRun(maxParallel: number): Promise<void> {
      if (state().settings?.maxParallel !== maxParallel) {
        const error = await mutate('board.setSettings', { maxParallel });
        if (error) {
          state().showNotice({ message: error.message });
          return;
        }
      }
      const outcome = await request('run.start', {});
      if (outcome.ok) {
        state().applyRun(outcome.value);
        // Why an earlier start was refused ("Run parallel is empty") no longer holds.
        state().showNotice(null);
      } else state().showNotice({ message: outcome.error.message, ...(outcome.error.details ? { details: outcome.error.details } : {}) });
    },

    async cancelRun(): Promise<void> {
      const outcome = await request('run.cancel', {});
      if (outcome.ok) {
        if (outcome.value) state().applyRun(outcome.value);
      } else state().showNotice({ message: outcome.error.message });
    },

    async importPlan(text: string, fileName: string): Promise<void> {
      const error = await mutate('board.import', { text, fileName });
      // A good import makes the problems of an earlier bad file old news.
      if (!error) state().showNotice(null);
      else state().showNotice({ message: error.message, ...(error.details ? { details: error.details } : {}) });
    },

    /** The board as a plan file, or null after showing why it could not be exported. */
    async exportPlan(): Promise<{ fileName: string; text: string } | null> {
      const outcome = await request('board.export', {});
      if (outcome.ok) return outcome.value;
      state().showNotice({ message: outcome.error.message });
      return null;
    },
  };
}

export type BoardActions = ReturnType<typeof createBoardActions>;
