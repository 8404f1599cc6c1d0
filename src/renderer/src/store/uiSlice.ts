import type { StateCreator } from 'zustand';
import type { PlanningColumn } from '../../../shared/board/board';
import type { AppStore } from './appStore';

/** The one dialog open at a time; `id: null` creates a new entity. */
export type DialogState =
  | { kind: 'task'; id: string | null }
  | { kind: 'objective'; id: string | null }
  | { kind: 'adr'; id: string | null }
  /** A running card was dragged out: cancel it, then move it to `to`/`index` of the board. */
  | { kind: 'confirmCancel'; id: string; to: PlanningColumn; index: number }
  /** The merge queue found a conflict: resolve it (src/renderer/src/conflicts). */
  | { kind: 'resolveConflict'; id: string }
  /** A finished task waits for review: its diff and the decision (src/renderer/src/review). */
  | { kind: 'review'; id: string }
  /** The user's agent settings (command, arguments, env, caps per profile), outside any plan. */
  | { kind: 'agentSettings'; id: null };

export interface Notice {
  message: string;
  details?: string[];
}

export interface UiSlice {
  dialog: DialogState | null;
  objectiveFilter: string | null;
  /** Why the core refused a card's last drop or edit, shown on the card until it is dragged again. */
  cardErrors: Record<string, string>;
  /** Terminal panes by recency of focus: the first ones get the grid, the rest are tabs. */
  terminalOrder: string[];
  focusedTerminal: string | null;
  /** Counts focus requests, so clicking the focused card again focuses its pane again. */
  focusCount: number;
  /** An error to show in the page's alert (a failed import, a refused start). */
  notice: Notice | null;
  openDialog(dialog: DialogState): void;
  closeDialog(): void;
  setObjectiveFilter(objective: string | null): void;
  setCardError(cardId: string, message: string | null): void;
  focusTerminal(taskId: string): void;
  showNotice(notice: Notice | null): void;
}

export const createUiSlice: StateCreator<AppStore, [], [], UiSlice> = (set, get) => ({
  dialog: null,
  objectiveFilter: null,
  cardErrors: {},
  terminalOrder: [],
  focusedTerminal: null,
  focusCount: 0,
  notice: null,
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  setObjectiveFilter: (objectiveFilter) => set({ objectiveFilter }),
  setCardError: (cardId, message) => {
    const { [cardId]: _previous, ...rest } = get().cardErrors;
    set({ cardErrors: message === null ? rest : { ...rest, [cardId]: message } });
  },
  focusTerminal: (taskId) => {
    const order = get().terminalOrder.filter((id) => id !== taskId);
    set({ terminalOrder: [taskId, ...order], focusedTerminal: taskId, focusCount: get().focusCount + 1 });
  },
  showNotice: (notice) => set({ notice }),
});
