import { z } from 'zod';
import { request, event } from './define';
import type { HostKind } from './common';

export interface AppInfo {
  name: 'Wavelane';
  version: string;
  host: HostKind;
  platform: string;
}

export interface ProjectInfo {
  /** Absolute path of the repository's top-level folder. */
  path: string;
  /** The folder's name, shown as the project's name. */
  name: string;
  /** The branch checked out there, or null when HEAD is detached. */
  branch: string | null;
  /** The commit HEAD points at, or null in a repository without commits. */
  head: string | null;
}

const empty = z.object({}).strict();

export const appRequests = {
  'app.info': request<AppInfo>()(empty),
  'project.open': request<ProjectInfo>()(
    z.object({ path: z.string().min(1, 'path must not be empty').max(4096) }).strict(),
    ['NOT_FOUND', 'NOT_A_DIRECTORY', 'NOT_A_REPO', 'BARE_REPO', 'RUN_IN_PROGRESS'],
  ),
  'project.current': request<ProjectInfo | null>()(empty),
  /** Asks the host for a folder (Electron's native picker) and opens it; null when the user cancels. */
  'project.pick': request<ProjectInfo | null>()(empty, [
    'UNSUPPORTED',
    'NOT_FOUND',
    'NOT_A_DIRECTORY',
    'NOT_A_REPO',
    'BARE_REPO',
    'RUN_IN_PROGRESS',
  ]),
};

export const appEvents = {
  'project.changed': event<ProjectInfo | null>(),
};
