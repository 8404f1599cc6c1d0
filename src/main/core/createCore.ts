import type { RunSnapshot } from '../../shared/board/board';
import type { AnyEventEnvelope, Handlers, HostKind, ProjectInfo } from '../../shared/contract/index';
import { err, ok, type Result } from '../../shared/result';
import { EMPTY_AGENT_SETTINGS } from '../../shared/agents/agentSettings';
import { AgentDetector } from './agents/agentDetector';
import { dispatch } from './project/dispatch';
import { agentSettingsPath, loadAgentSettings, saveAgentSettings } from './storage/agentSettingsStore';
import type { SecretCodec } from './storage/secretCodec';
import { Emitter } from './events/emitter';
import type { Disposable } from './events/disposable';
import { openProject } from './project/openProject';
import { ProjectSession } from './project/projectSession';
import type { ReviewActionError } from './review/reviewActions';

export interface CoreOptions {
  host: HostKind;
  version: string;
  /** Where the core keeps per-user data (Electron's userData, or the XDG data dir): worktrees live below it. */
  dataDir: string;
  /** The host's folder picker (Electron's native dialog); absent where there is none (the browser host). */
  pickFolder?: () => Promise<string | null>;
  /** Where task worktrees go instead of `<dataDir>/worktrees/...` (`wavelane serve --worktree-root`, tests). */
  worktreeRoot?: string;
  /** The user's agent settings file (default: agentSettingsPath(), from WAVELANE_CONFIG_DIR or the config folder). */
  agentSettingsFile?: string;
  /** Encrypts secret settings at rest (Electron's safeStorage); absent in the browser host and the CLI. */
  secretCodec?: SecretCodec;
}

export interface Core {
  readonly handlers: Handlers;
  /** Validates and runs one request from outside the core. */
  request(name: unknown, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: AnyEventEnvelope) => void): Disposable;
  currentProject(): ProjectInfo | null;
  dispose(): Promise<void>;
}

const noProject = () => err('NO_PROJECT', 'No repository is open: open one first');

/** A task action's answer: the run as it is now. */
function withRun<C extends string>(session: ProjectSession, done: Result<null, C>): Result<RunSnapshot | null, C> {
  return done.ok ? ok(session.runSnapshot()) : done;
}

/** task.retry/fix speak of NOT_RETRYABLE where the review actions say NOT_IN_REVIEW. */
function retryable(
  done: Result<RunSnapshot | null, ReviewActionError>,
): Result<RunSnapshot | null, 'NOT_FOUND' | 'NOT_RETRYABLE' | 'WORK_GONE'> {
  if (done.ok || done.error.code !== 'NOT_IN_REVIEW') return done as Result<RunSnapshot | null, 'NOT_FOUND' | 'WORK_GONE'>;
  return err('NOT_RETRYABLE', done.error.message);
}

/** The composition root: real ports in, a disposable core out. */
export function createCore(options: CoreOptions): Core {
  const events = new Emitter<AnyEventEnvelope>();
  let session: ProjectSession | null = null;
  let disposed = false;
  const settingsFile = options.agentSettingsFile ?? agentSettingsPath();
  const loadSettings = () => loadAgentSettings(settingsFile, options.secretCodec);
  const detector = new AgentDetector({ env: () => process.env });
  /** Detection runs beside the board, never before it: the board shows versions when they arrive. */
  const detectInBackground = () => {
    void loadSettings().then((settings) => (settings.ok && !disposed ? detector.detect(settings.value) : null));
  };
  detector.onDidDetect(() => {
    if (disposed || !session) return;
    const current = session;
    void current.snapshot().then((snapshot) => {
      if (!disposed && session === current) events.fire({ name: 'board.changed', payload: snapshot });
    });
  });

  /** Runs `fn` with the open project's session, or answers NO_PROJECT. */
  const withSession = async <T>(fn: (s: ProjectSession) => Promise<T> | T): Promise<T | ReturnType<typeof noProject>> =>
    session ? fn(session) : noProject();

  const handlers: Handlers = {
    'app.info': async () =>
      ok({ name: 'Wavelane' as const, version: options.version, host: options.host, platform: process.platform }),
    'project.open': async ({ path }) => {
      const opened = await openProject(path);
      if (!opened.ok) return opened;
      if (session?.runActive && session.project.path !== opened.value.path) {
        return err('RUN_IN_PROGRESS', 'A run is going in the open repository; cancel it before opening another');
      }
      const next = await ProjectSession.open(opened.value, events, options.dataDir, options.worktreeRoot ?? null, detector);
      if (!next.ok) return err('NOT_A_REPO', next.error.message, { where: opened.value.path });
      await session?.dispose();
      session = next.value;
      events.fire({ name: 'project.changed', payload: session.project });
      events.fire({ name: 'board.changed', payload: await session.snapshot() });
      if (!detector.current) detectInBackground();
      return ok(session.project);
    },
    'project.current': async () => ok(session?.project ?? null),
    'project.pick': async () => {
      if (!options.pickFolder) return err('UNSUPPORTED', 'This window has no folder picker: type the repository path instead');
      const picked = await options.pickFolder();
      return picked === null ? ok(null) : handlers['project.open']({ path: picked });
    },
    'agents.detect': async () => {
      const settings = await loadSettings();
      // Broken settings still leave the profiles' own commands to look for.
      return ok(await detector.detect(settings.ok ? settings.value : EMPTY_AGENT_SETTINGS));
    },
    'settings.agents.get': () => loadSettings(),
    'settings.agents.set': async ({ settings }) => {
      const saved = await saveAgentSettings(settingsFile, settings, options.secretCodec);
      if (!saved.ok) return saved;
      // A new command is a new executable to find and ask.
      void detector.detect(settings);
      return ok(settings);
    },
    'board.get': () => withSession(async (s) => ok(await s.snapshot())),
    'board.saveTask': ({ task }) => withSession((s) => s.saveTask(task)),
    'board.deleteTask': ({ id }) => withSession((s) => s.deleteTask(id)),
    'board.saveObjective': ({ objective }) => withSession((s) => s.saveObjective(objective)),
    'board.deleteObjective': ({ id }) => withSession((s) => s.deleteObjective(id)),
    'board.saveAdr': ({ adr }) => withSession((s) => s.saveAdr(adr)),
    'board.deleteAdr': ({ id }) => withSession((s) => s.deleteAdr(id)),
    'board.moveTask': ({ id, to, index }) => withSession((s) => s.moveTask(id, to, index)),
    'board.setSettings': (settings) => withSession((s) => s.setSettings(settings)),
    'board.import': ({ text, fileName }) => withSession((s) => s.importPlan(text, fileName)),
    'board.export': () => withSession((s) => ok(s.board.exportPlan())),
    'run.start': () => withSession((s) => s.startRun()),
    'run.cancel': () => withSession((s) => s.cancelRun()),
    'task.cancel': ({ id }) => withSession((s) => s.cancelTask(id)),
    'terminal.replay': ({ taskId }) => withSession((s) => s.replay(taskId)),
    'terminal.write': ({ taskId, data }) => withSession((s) => s.write(taskId, data)),
    'terminal.resize': ({ taskId, cols, rows }) => withSession((s) => s.resize(taskId, cols, rows)),
    'conflict.get': ({ taskId }) => withSession((s) => s.conflicts.get(taskId)),
    'conflict.resolveFile': ({ taskId, path, resolution }) => withSession((s) => s.conflicts.resolveFile(taskId, path, resolution)),
    'conflict.askAgent': ({ taskId, agent }) => withSession((s) => s.conflicts.askAgent(taskId, agent)),
    'conflict.complete': ({ taskId }) =>
      withSession(async (s) => {
        const done = await s.conflicts.complete(taskId);
        return done.ok ? ok(s.runSnapshot()) : done;
      }),
    'conflict.abort': ({ taskId }) => withSession((s) => s.conflicts.abort(taskId)),
    'review.get': ({ taskId }) => withSession((s) => s.review.diff(taskId)),
    'review.approve': ({ taskId }) => withSession(async (s) => withRun(s, await s.review.land(taskId))),
    'review.requestChanges': ({ taskId, prompt }) => withSession(async (s) => withRun(s, await s.review.followUp(taskId, prompt))),
    'review.discard': ({ taskId }) => withSession(async (s) => withRun(s, await s.review.discard(taskId))),
    'task.retry': ({ taskId }) => withSession(async (s) => retryable(withRun(s, await s.review.land(taskId)))),
    'task.fix': ({ taskId, prompt }) =>
      withSession(async (s) => {
        const reason = s.runSnapshot()?.tasks.find((task) => task.id === taskId)?.reason ?? '';
        const request = prompt?.trim() || `The verify command failed on the merge of your work. Fix the cause so it passes. Its output:\n\n${reason}`;
        return retryable(withRun(s, await s.review.followUp(taskId, request)));
      }),
    'terminal.ack': ({ taskId, chars }) =>
      withSession((s) => {
        s.ack(taskId, chars);
        return ok(null);
      }),
  };

  return {
    handlers,
    request: (name, input) =>
      disposed ? Promise.resolve(err('INTERNAL', 'Wavelane is shutting down')) : dispatch(handlers, name, input),
    onEvent: (listener) => events.event(listener),
    currentProject: () => session?.project ?? null,
    async dispose() {
      if (disposed) return;
      disposed = true;
      detector.dispose();
      await session?.dispose();
      events.dispose();
    },
  };
}
