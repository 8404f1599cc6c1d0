import type { BoardSnapshot, BoardSettings, PlanningColumn, RunSnapshot } from '../../../shared/board/board';
import type { AnyEventEnvelope, ProjectInfo, TerminalReplay } from '../../../shared/contract/index';
import type { Adr, Objective, PlanTask } from '../../../shared/plan/plan';
import { err, ok, type Result } from '../../../shared/result';
import { isFinal } from '../../../shared/run/taskStatus';
import type { AgentSession } from '../agents/agentSession';
import { ProfileRegistry } from '../agents/profileRegistry';
import { paneLogPath, readLogTail } from '../storage/sessionLog';
import { BoardService, type BoardError } from '../board/boardService';
import { laneTasks } from '../board/laneCheck';
import type { Disposable } from '../events/disposable';
import type { Emitter } from '../events/emitter';
import { landAfterRun } from '../runs/landAfterRun';
import { prepareRun, type PrepareRunError } from '../runs/prepareRun';
import { ReviewActions } from '../review/reviewActions';
import type { RunController } from '../runs/runController';
import { runSnapshotOf } from '../runs/runSnapshotOf';
import { RunStore } from '../storage/runStore';
import { computeWaves } from '../scheduler/waves';
import { ConflictService, type ConflictServiceHost } from './conflictService';
import { findTaskContext } from './taskContext';

/** Shared by every session of this process, so a newly opened repository's snapshots still count up. */
let snapshotVersion = 0;

export type StartRunError = 'INVALID_PLAN' | 'ALREADY_RUNNING' | 'START_CHECK_FAILED' | 'AGENT_UNAVAILABLE';

/**
 * One open repository in the app: its board, the run this process drives (or the last one on disk),
 * and the terminals of that run's agents. Events for the board, the run and the terminals go out
 * through the core's emitter.
 */
export class ProjectSession {
  private controller: RunController | null = null;
  private lastRun: RunSnapshot | null = null;
  private readonly viewers = new Map<string, Disposable>();
  /** Per task: seq of the last `terminal.data` chunk sent to the windows, which a live replay must end at. */
  private readonly sentSeq = new Map<string, number>();
  private readonly subscriptions: Disposable[] = [];
  /** Agents working on a task outside its run (conflict resolution, follow-ups): the task's terminal shows them. */
  private readonly sideSessions = new Map<string, { session: AgentSession; base: number }>();
  /** Logs of those agents, per task, so the pane still shows them after they exit (and after a reload). */
  private readonly sideLogs = new Map<string, string[]>();
  readonly conflicts: ConflictService;
  /** Review before merge (and Retry / Ask agent to fix): review/ owns it, this session only gives it the run. */
  readonly review: ReviewActions;

  private constructor(
    readonly project: ProjectInfo,
    readonly board: BoardService,
    private readonly events: Emitter<AnyEventEnvelope>,
    private readonly dataDir: string,
    private readonly worktreeRoot: string | null,
  ) {
    const host: ConflictServiceHost = {
      repo: project.path,
      context: (taskId) => findTaskContext(project.path, taskId, this.controller, (id) => this.board.task(id)),
      agents: () => {
        const registry = ProfileRegistry.create(this.board.state.plan.agents ?? []);
        return { profiles: registry.ok ? registry.value : null, defaultAgent: this.board.defaultAgent };
      },
      attachSideSession: (taskId, session) => this.attachSideSession(taskId, session),
      announce: (session) => this.events.fire({ name: 'conflict.changed', payload: session }),
      refreshed: () => this.refreshAfterLanding(),
    };
    this.conflicts = new ConflictService(host);
    this.review = new ReviewActions({
      ...host,
      find: async (taskId) => {
        const context = await host.context(taskId);
        if (!context) return null;
        const { runId, target, task, record, controller, paths } = context;
        return { runId, target, task, record, runDir: paths.runDir(runId), running: controller !== null };
      },
      decide: (taskId, decision) => this.controller?.decideReview(taskId, decision) ?? false,
      land: async ({ runId, task }) => {
        if (await this.controller?.requeue(task.id)) return ok(null);
        const landed = await landAfterRun({ repoDir: project.path, runId, taskId: task.id, title: task.title });
        return landed.ok ? ok(null) : err(landed.error.code, landed.error.message);
      },
    });
  }

  private attachSideSession(taskId: string, session: AgentSession): void {
    const base = this.sentSeq.get(taskId) ?? 0;
    this.sideSessions.set(taskId, { session, base });
    this.sideLogs.set(taskId, [...(this.sideLogs.get(taskId) ?? []), session.logPath]);
    session.onDidData((batch) => this.sendData(taskId, base + batch.seq, batch.data));
    void session.exited.then(() => {
      if (this.sideSessions.get(taskId)?.session === session) this.sideSessions.delete(taskId);
    });
  }

  private sendData(taskId: string, seq: number, data: string): void {
    this.sentSeq.set(taskId, seq);
    this.events.fire({ name: 'terminal.data', payload: { taskId, seq, data } });
  }

  /** After a task landed outside its run: the run and the board show it, merged tasks count as done. */
  private async refreshAfterLanding(): Promise<void> {
    if (!this.controller) await this.loadLastRun();
    const run = this.runSnapshot();
    const landed = run?.tasks.filter((task) => task.status === 'merged' || task.status === 'empty').map((task) => task.id) ?? [];
    await this.board.markDone(landed);
    if (run) this.events.fire({ name: 'run.changed', payload: run });
    this.events.fire({ name: 'board.changed', payload: await this.snapshot() });
  }

  static async open(
    project: ProjectInfo,
    events: Emitter<AnyEventEnvelope>,
    dataDir: string,
    worktreeRoot: string | null = null,
  ): Promise<Result<ProjectSession, string>> {
    const board = await BoardService.open(project.path);
    if (!board.ok) return err(board.error.code, board.error.message);
    const session = new ProjectSession(project, board.value, events, dataDir, worktreeRoot);
    await session.loadLastRun();
    return ok(session);
  }

  async loadLastRun(): Promise<void> {
    const store = await RunStore.open(this.project.path);
    if (!store.ok) return;
    const current = await store.value.currentRun();
    if (current.ok && current.value) {
      const titles = new Map(this.board.state.plan.tasks.map((task) => [task.id, task.title]));
      const plan = await store.value.loadRunPlan(current.value.id);
      const waves = plan.ok ? computeWaves(plan.value.tasks) : null;
      this.lastRun = runSnapshotOf(current.value, titles, waves?.ok ? waves.value.waves : []);
    }
    await store.value.close();
  }

  get runActive(): boolean {
    return this.controller !== null;
  }

  runSnapshot(): RunSnapshot | null {
    return this.controller?.snapshot() ?? this.lastRun;
  }

  async snapshot(): Promise<BoardSnapshot> {
    const agents = await this.board.agents();
    // Numbered when assembled (after the await), so a higher number always holds newer content.
    return {
      version: ++snapshotVersion,
      repo: this.project.path,
      board: this.board.state,
      preview: this.board.preview(),
      problems: this.board.problems(agents),
      agents,
      run: this.runSnapshot(),
    };
  }

  /** Runs a board edit, then announces the new snapshot to every window. */
  async edit(change: () => Promise<Result<void, BoardError>>): Promise<Result<BoardSnapshot, BoardError>> {
    const done = await change();
    if (!done.ok) return done;
    const snapshot = await this.snapshot();
    this.events.fire({ name: 'board.changed', payload: snapshot });
    return ok(snapshot);
  }

  saveTask = (task: PlanTask) => this.edit(() => this.board.saveTask(task));
  deleteTask = (id: string) => this.edit(() => this.board.deleteTask(id));
  saveObjective = (objective: Objective) => this.edit(() => this.board.saveObjective(objective));
  deleteObjective = (id: string) => this.edit(() => this.board.deleteObjective(id));
  saveAdr = (adr: Adr) => this.edit(() => this.board.saveAdr(adr));
  deleteAdr = (id: string) => this.edit(() => this.board.deleteAdr(id));
  setSettings = (settings: Partial<BoardSettings>) => this.edit(() => this.board.setSettings(settings));

  /**
   * Moves a card. During a run, a task dropped on the lane joins the run, and a task taken off the
   * lane that has not finished is cancelled (the board asks the user before it sends this).
   */
  async moveTask(id: string, to: PlanningColumn, index: number): Promise<Result<BoardSnapshot, BoardError>> {
    const agents = await this.board.agents();
    const wasOnLane = this.board.state.columns.runParallel.includes(id);
    const moved = await this.edit(() => this.board.moveTask(id, to, index, agents));
    if (!moved.ok || !this.controller) return moved;
    const runTask = this.controller.snapshot().tasks.find((task) => task.id === id);
    if (to === 'runParallel' && !wasOnLane && !this.controller.hasTask(id)) {
      const task = this.board.task(id);
      if (task && task.status !== 'done') this.controller.addTask(task);
    } else if (to === 'backlog' && runTask && !isFinal(runTask.status)) {
      this.controller.cancel(id);
    }
    return moved;
  }

  async importPlan(text: string, fileName?: string): Promise<Result<BoardSnapshot, BoardError>> {
    return this.edit(async () => {
      const imported = await this.board.importPlan(text, fileName);
      return imported.ok ? ok(undefined) : imported;
    });
  }

  /** Starts a run of the Run parallel lane with the board's settings. */
  async startRun(): Promise<Result<RunSnapshot, StartRunError>> {
    if (this.controller) return err('ALREADY_RUNNING', 'A run is already going; cancel it or wait for it to finish');
    const state = this.board.state;
    const tasks = laneTasks(state);
    if (!tasks.some((task) => task.status !== 'done')) {
      return err('INVALID_PLAN', 'Run parallel is empty: drag tasks from Backlog onto it first');
    }
    const prepared = await prepareRun({
      repoDir: this.project.path,
      plan: { ...state.plan, tasks },
      dataDir: this.dataDir,
      worktreeRoot: this.worktreeRoot,
      maxParallel: state.settings.maxParallel,
      strategy: state.settings.strategy,
      verify: state.settings.verify?.trim() || null,
      resourceGuard: state.settings.resourceGuard,
      agent: this.board.defaultAgent,
      review: { all: state.settings.reviewBeforeMerge },
    });
    if (!prepared.ok) return err(startErrorCode(prepared.error.code), prepared.error.message, prepared.error.details ? { details: prepared.error.details } : {});
    const controller = prepared.value.controller;
    this.controller = controller;
    this.sentSeq.clear();
    this.subscriptions.push(
      controller.onDidChange((snapshot) => this.events.fire({ name: 'run.changed', payload: snapshot })),
      controller.onDidData((chunk) => this.sendData(chunk.taskId, chunk.seq, chunk.data)),
      controller.onDidTransition((transition) => {
        if (transition.status === 'merged' || transition.status === 'empty') void this.board.markDone([transition.task]);
        if (isFinal(transition.status)) this.viewers.get(transition.task)?.dispose();
      }),
    );
    await controller.start();
    void controller.done.then(async () => {
      this.lastRun = controller.snapshot();
      this.controller = null;
      for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
      for (const viewer of this.viewers.values()) viewer.dispose();
      this.viewers.clear();
      await prepared.value.release();
      this.events.fire({ name: 'run.changed', payload: this.lastRun });
      this.events.fire({ name: 'board.changed', payload: await this.snapshot() });
    });
    const snapshot = controller.snapshot();
    this.events.fire({ name: 'board.changed', payload: await this.snapshot() });
    return ok(snapshot);
  }

  cancelRun(): Result<RunSnapshot, 'NOT_RUNNING'> {
    if (!this.controller) return err('NOT_RUNNING', 'No run is going');
    this.controller.cancel();
    return ok(this.controller.snapshot());
  }

  cancelTask(id: string): Result<RunSnapshot, 'NOT_RUNNING' | 'NOT_FOUND'> {
    if (!this.controller) return err('NOT_RUNNING', 'No run is going');
    if (!this.controller.hasTask(id)) return err('NOT_FOUND', `Task ${id} is not part of the run`);
    this.controller.cancel(id);
    return ok(this.controller.snapshot());
  }

  /** A pane opening: the agent's output so far, and from now on this pane's acks pace the agent. */
  async replay(taskId: string): Promise<Result<TerminalReplay, 'NOT_FOUND'>> {
    const side = this.sideSessions.get(taskId);
    if (side) {
      // The task's run output and earlier side agents first, then this agent's live buffer.
      const earlier = (this.sideLogs.get(taskId) ?? []).slice(0, -1);
      const replay = side.session.replay();
      const data = (await this.runText(taskId)) + (await logsText(earlier)) + replay.data;
      return ok({ taskId, data, seq: side.base + replay.seq, live: replay.live });
    }
    const sideLogs = this.sideLogs.get(taskId);
    if (sideLogs?.length) {
      const data = (await this.runText(taskId)) + (await logsText(sideLogs));
      return ok({ taskId, data, seq: this.sentSeq.get(taskId) ?? 0, live: false });
    }
    const session = this.controller?.session(taskId);
    if (session) {
      if (!this.viewers.has(taskId)) this.viewers.set(taskId, session.attachViewer());
      // The replay must end exactly at the last chunk the windows were sent, or the pane drops (or
      // repeats) live output. A session pushes each batch into its replay buffer and fires it in one
      // synchronous step, so its buffer always ends at the chunk forwarded last (`sentSeq`).
      const replay = session.replay();
      return ok({ taskId, data: replay.data, seq: this.sentSeq.get(taskId) ?? 0, live: replay.live });
    }
    if (this.controller?.hasTask(taskId)) {
      const replay = await this.controller.replay(taskId);
      if (replay) return ok({ taskId, ...replay });
    }
    const last = this.lastRun?.tasks.find((task) => task.id === taskId);
    if (last?.log) {
      const tail = await readLogTail(await paneLogPath(last.log));
      return ok({ taskId, data: tail.ok ? tail.value : '', seq: 0, live: false });
    }
    return err('NOT_FOUND', `No terminal for task ${taskId}`);
  }

  /** What the task's run printed, for panes that also show a later agent of the task. */
  private async runText(taskId: string): Promise<string> {
    if (this.controller?.hasTask(taskId)) return (await this.controller.replay(taskId))?.data ?? '';
    const log = this.lastRun?.tasks.find((task) => task.id === taskId)?.log;
    return log ? logsText([log]) : '';
  }

  write(taskId: string, data: string): Result<null, 'NOT_FOUND' | 'NOT_RUNNING'> {
    const session = this.sideSessions.get(taskId)?.session ?? this.controller?.session(taskId);
    if (!session) return err('NOT_RUNNING', `The agent of ${taskId} is not running`);
    return session.write(data);
  }

  resize(taskId: string, cols: number, rows: number): Result<null, 'NOT_FOUND' | 'NOT_RUNNING'> {
    const session = this.sideSessions.get(taskId)?.session ?? this.controller?.session(taskId);
    if (!session) return err('NOT_RUNNING', `The agent of ${taskId} is not running`);
    const resized = session.resize(cols, rows);
    return resized.ok ? resized : err('NOT_RUNNING', resized.error.message);
  }

  ack(taskId: string, chars: number): void {
    (this.sideSessions.get(taskId)?.session ?? this.controller?.session(taskId))?.ack(chars);
  }

  /** Closing the project (or the app): agents are stopped, the run's state stays resumable. */
  async dispose(): Promise<void> {
    this.conflicts.dispose();
    for (const side of this.sideSessions.values()) await side.session.cancel();
    const controller = this.controller;
    if (controller) {
      controller.cancel();
      await controller.done;
    }
  }
}

function startErrorCode(code: PrepareRunError): StartRunError {
  if (code === 'INVALID_PLAN' || code === 'AGENT_UNAVAILABLE') return code;
  if (code === 'RUN_ACTIVE') return 'ALREADY_RUNNING';
  return 'START_CHECK_FAILED';
}

/** The tails of finished agents' logs, one after the other. */
async function logsText(logs: readonly string[]): Promise<string> {
  let text = '';
  for (const log of logs) {
    const tail = await readLogTail(await paneLogPath(log));
    if (tail.ok) text += tail.value;
  }
  return text;
}
