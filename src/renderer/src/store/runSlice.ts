import type { StateCreator } from 'zustand';
import type { RunSnapshot, RunTask } from '../../../shared/board/board';
import { shareColumns } from '../board/columns';
import { rebase } from '../board/dragTransitions';
import type { AppStore } from './appStore';
import { currentPlacement, runFields } from './boardSlice';

export interface RunSlice {
  run: RunSnapshot | null;
  runTasks: Record<string, RunTask>;
  /** A `run.changed` event or a `run.*` answer: cards move to where their status puts them. */
  applyRun(run: RunSnapshot | null): void;
}

/** True while agents may still start or finish (the status bar's Cancel run applies). */
export function isRunActive(run: RunSnapshot | null): boolean {
  return run !== null && (run.state === 'running' || run.state === 'cancelling');
}

export const createRunSlice: StateCreator<AppStore, [], [], RunSlice> = (set, get) => ({
  run: null,
  runTasks: {},
  applyRun: (run) => {
    const state = get();
    const fields = runFields(state, run);
    const placed = shareColumns(state.cardIdsByColumn, currentPlacement({ snapshot: state.snapshot, run }));
    const board = state.snapshot ? rebase({ cardIdsByColumn: state.cardIdsByColumn, drag: state.drag }, placed) : null;
    set({ ...fields, ...(board ? { cardIdsByColumn: shareColumns(state.cardIdsByColumn, board.cardIdsByColumn), drag: board.drag } : {}) });
  },
});
