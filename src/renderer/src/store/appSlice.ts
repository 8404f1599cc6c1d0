import type { StateCreator } from 'zustand';
import type { AppInfo, ProjectInfo } from '../../../shared/contract/index';
import type { ConnectionState } from '../transport/wsBridge';
import type { AppStore } from './appStore';

export interface AppSlice {
  info: AppInfo | null;
  project: ProjectInfo | null;
  connection: ConnectionState;
  /** The last error of opening a repository, shown by the open form. */
  error: string | null;
  setInfo(info: AppInfo): void;
  setProject(project: ProjectInfo | null): void;
  setConnection(connection: ConnectionState): void;
  setError(error: string | null): void;
}

export const createAppSlice: StateCreator<AppStore, [], [], AppSlice> = (set) => ({
  info: null,
  project: null,
  connection: 'connecting',
  error: null,
  setInfo: (info) => set({ info }),
  setProject: (project) => set({ project }),
  setConnection: (connection) => set({ connection }),
  setError: (error) => set({ error }),
});
