import type { AnyEventEnvelope, Handlers, HostKind, ProjectInfo } from '../../shared/contract/index';
import { err, ok, type Result } from '../../shared/result';
import { dispatch } from './api/dispatch';
import { Emitter } from './events/emitter';
import type { Disposable } from './events/disposable';
import { openProject } from './project/openProject';

export interface CoreOptions {
  host: HostKind;
  version: string;
  /** Where the core keeps per-user state (Electron's userData, or the XDG data dir). */
  dataDir: string;
}

export interface Core {
  readonly handlers: Handlers;
  /** Validates and runs one request from outside the core. */
  request(name: unknown, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: AnyEventEnvelope) => void): Disposable;
  currentProject(): ProjectInfo | null;
  dispose(): Promise<void>;
}

/** The composition root: real ports in, a disposable core out. */
export function createCore(options: CoreOptions): Core {
  const events = new Emitter<AnyEventEnvelope>();
  let project: ProjectInfo | null = null;
  let disposed = false;

  const handlers: Handlers = {
    'app.info': async () =>
      ok({ name: 'Wavelane' as const, version: options.version, host: options.host, platform: process.platform }),
    'project.open': async ({ path }) => {
      const opened = await openProject(path);
      if (!opened.ok) return opened;
      project = opened.value;
      events.fire({ name: 'project.changed', payload: project });
      return ok(project);
    },
    'project.current': async () => ok(project),
  };

  return {
    handlers,
    request: (name, input) =>
      disposed ? Promise.resolve(err('INTERNAL', 'Wavelane is shutting down')) : dispatch(handlers, name, input),
    onEvent: (listener) => events.event(listener),
    currentProject: () => project,
    async dispose() {
      if (disposed) return;
      disposed = true;
      events.dispose();
    },
  };
}
