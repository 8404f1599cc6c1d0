import { create } from 'zustand';
import type { AppInfo, ProjectInfo } from '../../../shared/contract/index';
import type { ConnectionState } from '../transport/wsBridge';

export interface AppSlice {
  info: AppInfo | null;
  project: ProjectInfo | null;
  connection: ConnectionState;
  /** The last request error to show the user, if any. */
  error: string | null;
  setInfo(info: AppInfo): void;
  setProject(project: ProjectInfo | null): void;
  setConnection(connection: ConnectionState): void;
  setError(error: string | null): void;
}

/** App-wide state; actions are callable outside React so the event bridge can apply snapshots. */
export const useAppStore = create<AppSlice>()((set) => ({
  info: null,
  project: null,
  connection: 'connecting',
  error: null,
  setInfo: (info) => set({ info }),
  setProject: (project) => set({ project }),
  setConnection: (connection) => set({ connection }),
  setError: (error) => set({ error }),
}));
