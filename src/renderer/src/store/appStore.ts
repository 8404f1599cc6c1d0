import { create } from 'zustand';
import { createAppSlice, type AppSlice } from './appSlice';
import { createBoardSlice, type BoardSlice } from './boardSlice';
import { createRunSlice, type RunSlice } from './runSlice';
import { createUiSlice, type UiSlice } from './uiSlice';

export type AppStore = AppSlice & BoardSlice & RunSlice & UiSlice;

/**
 * One store from typed slices (the zustand docs pattern). Actions are callable outside React so the
 * event bridge applies snapshots; terminal output never passes through here (see terminalRegistry).
 */
export function createAppStore() {
  return create<AppStore>()((...a) => ({
    ...createAppSlice(...a),
    ...createBoardSlice(...a),
    ...createRunSlice(...a),
    ...createUiSlice(...a),
  }));
}

export type AppStoreApi = ReturnType<typeof createAppStore>;

export const useAppStore = createAppStore();
