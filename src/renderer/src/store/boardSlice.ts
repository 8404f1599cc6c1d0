import type { StateCreator } from 'zustand';
import type { AgentInfo, BoardSettings, BoardSnapshot, WavePreview } from '../../../shared/board/board';
import type { Adr, Objective, PlanTask } from '../../../shared/plan/plan';
import { emptyColumns, shareColumns, type CardColumns, type ColumnId } from '../board/columns';
import {
  dragCancel,
  dragEnd,
  dragOver,
  dragStart,
  dropRefused,
  dropSettled,
  rebase,
  type DragState,
  type DropIntent,
} from '../board/dragTransitions';
import { placeCards } from '../board/placeCards';
import type { AppStore } from './appStore';
import { byIdShared, shareIfSame } from './normalize';

export type Problem = BoardSnapshot['problems'][number];

export interface BoardSlice {
  /** The latest snapshot as the core sent it (its `run` may be older than `run` of the run slice). */
  snapshot: BoardSnapshot | null;
  tasks: Record<string, PlanTask>;
  objectives: Record<string, Objective>;
  adrs: Record<string, Adr>;
  objectiveIds: string[];
  adrIds: string[];
  agents: AgentInfo[];
  settings: BoardSettings | null;
  preview: WavePreview;
  problems: Problem[];
  cardIdsByColumn: CardColumns;
  drag: DragState | null;
  applySnapshot(snapshot: BoardSnapshot): void;
  /** Forgets the board (the project closed or changed). */
  clearBoard(): void;
  startDrag(cardId: string): void;
  dragOverColumn(cardId: string, column: ColumnId, index: number): void;
  /** Ends the drag; the intent says what to ask of the core (the caller sends it). */
  endDrag(cardId: string, column: ColumnId | null, index: number): DropIntent;
  cancelDrag(): void;
  /** The core accepted the pending drop of `cardId` and answered with this snapshot. */
  settleDrop(cardId: string, snapshot: BoardSnapshot): void;
  /** The core refused the pending drop: the card goes back and shows why. */
  refuseDrop(cardId: string, message: string): void;
}

export const EMPTY_PREVIEW: WavePreview = { waves: [], reasons: {}, criticalPath: [] };

/** The placement of the latest board with the latest run (run events arrive between board snapshots). */
export function currentPlacement(state: Pick<AppStore, 'snapshot' | 'run'>): CardColumns {
  if (!state.snapshot) return emptyColumns();
  return placeCards({ ...state.snapshot, run: state.run });
}

/** The board before any snapshot (and after the repository closes). */
function emptyBoardFields() {
  return {
    snapshot: null,
    tasks: {},
    objectives: {},
    adrs: {},
    objectiveIds: [],
    adrIds: [],
    agents: [],
    settings: null,
    preview: EMPTY_PREVIEW,
    problems: [],
    cardIdsByColumn: emptyColumns(),
    drag: null,
  } satisfies Partial<BoardSlice>;
}

export const createBoardSlice: StateCreator<AppStore, [], [], BoardSlice> = (set, get) => ({
  ...emptyBoardFields(),

  applySnapshot: (snapshot) => {
    const state = get();
    // An answer overtaken by a newer event (or the other way round) must not roll the board back.
    if (state.snapshot && snapshot.version < state.snapshot.version) return;
    const plan = snapshot.board.plan;
    const run = snapshot.run;
    const placed = shareColumns(state.cardIdsByColumn, placeCards(snapshot));
    const board = rebase({ cardIdsByColumn: state.cardIdsByColumn, drag: state.drag }, placed);
    const objectives = byIdShared(state.objectives, plan.objectives ?? []);
    const filter = state.objectiveFilter;
    set({
      snapshot,
      tasks: byIdShared(state.tasks, plan.tasks),
      objectives,
      // A filter on an objective deleted elsewhere would hide every card.
      objectiveFilter: filter !== null && objectives[filter] ? filter : null,
      adrs: byIdShared(state.adrs, plan.adrs ?? []),
      objectiveIds: shareIfSame(state.objectiveIds, (plan.objectives ?? []).map((objective) => objective.id)),
      adrIds: shareIfSame(state.adrIds, (plan.adrs ?? []).map((adr) => adr.id)),
      agents: shareIfSame(state.agents, snapshot.agents),
      settings: shareIfSame(state.settings, snapshot.board.settings),
      preview: shareIfSame(state.preview, snapshot.preview),
      problems: shareIfSame(state.problems, snapshot.problems),
      cardIdsByColumn: shareColumns(state.cardIdsByColumn, board.cardIdsByColumn),
      drag: board.drag,
      ...runFields(state, run),
    });
  },

  clearBoard: () =>
    set({
      ...emptyBoardFields(),
      run: null,
      runTasks: {},
      cardErrors: {},
    }),

  startDrag: (cardId) => {
    const { cardIdsByColumn, drag, cardErrors } = get();
    const next = dragStart({ cardIdsByColumn, drag }, cardId);
    const { [cardId]: _cleared, ...otherErrors } = cardErrors;
    set({ ...next, cardErrors: cardId in cardErrors ? otherErrors : cardErrors });
  },

  dragOverColumn: (cardId, column, index) => {
    const { cardIdsByColumn, drag } = get();
    const next = dragOver({ cardIdsByColumn, drag }, cardId, column, index);
    if (next.drag !== drag || next.cardIdsByColumn !== cardIdsByColumn) set(next);
  },

  endDrag: (cardId, column, index) => {
    const { cardIdsByColumn, drag, snapshot } = get();
    const boardColumns = snapshot?.board.columns ?? { backlog: [], runParallel: [] };
    const { board, intent } = dragEnd({ cardIdsByColumn, drag }, cardId, column, index, boardColumns);
    set(board);
    return intent;
  },

  cancelDrag: () => {
    const { cardIdsByColumn, drag } = get();
    set(dragCancel({ cardIdsByColumn, drag }));
  },

  settleDrop: (cardId, snapshot) => {
    get().applySnapshot(snapshot);
    const state = get();
    if (!isPendingDrop(state.drag, cardId)) return;
    const placed = shareColumns(state.cardIdsByColumn, currentPlacement(state));
    set(dropSettled({ cardIdsByColumn: state.cardIdsByColumn, drag: state.drag }, placed));
  },

  refuseDrop: (cardId, message) => {
    const { cardIdsByColumn, drag, cardErrors } = get();
    const board = isPendingDrop(drag, cardId) ? dropRefused({ cardIdsByColumn, drag }) : { cardIdsByColumn, drag };
    set({ ...board, cardErrors: { ...cardErrors, [cardId]: message } });
  },
});

function isPendingDrop(drag: DragState | null, cardId: string): boolean {
  return drag !== null && drag.cardId === cardId && drag.phase === 'pending';
}

/** The run slice's fields for a run (shared so a board snapshot and a run event apply it alike). */
export function runFields(state: Pick<AppStore, 'run' | 'runTasks'>, run: BoardSnapshot['run']): Pick<AppStore, 'run' | 'runTasks'> {
  return { run: shareIfSame(state.run, run), runTasks: byIdShared(state.runTasks, run?.tasks ?? []) };
}
