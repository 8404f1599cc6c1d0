import type { BoardSnapshot, BoardSettings, PlanningColumn, RunSnapshot } from '../../../shared/board/board';
import type { AnyEventEnvelope, ProjectInfo, TerminalReplay } from '../../../shared/contract/index';
import type { Adr, Objective, PlanTask } from '../../../shared/plan/plan';
import { err, ok, type Result } from '../../../shared/result';
import { isFinal } from '../../../shared/run/taskStatus';
import type { AgentDetector } from '../agents/agentDetector';
import type { AgentSession } from '../agents/agentSession';
import { ProfileRegistry } from '../agents/profileRegistry';
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
import { TaskTerminals } from '../terminals/TaskTerminals';
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
  /** The end of the current run's wrap-up (run lock released, run store closed), awaited by dispose. */
  private runEnded: Promise<void> = Promise.resolve();
  private readonly subscriptions: Disposable[] = [];
  /** Every task's terminal: the run's agents and the side agents below write to it, panes read it. */
  readonly terminals = new TaskTerminals();
  private readonly terminalEvents: Disposable;
  /** Agents working on a task outside its run (conflict resolution, follow-ups): stopped when the project closes. */
  private readonly sideAgents = new Set<AgentSession>();
  readonly conflicts: ConflictService;
  /** Review before merge (and Retry / Ask agent to fix): review/ owns it, this session only gives it the run. */
  readonly review: ReviewActions;
  /** The core's CLI detection, whose cached versions and warnings the board's agent list shows. */
  private detector: AgentDetector | null = null;

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
    this.terminalEvents = this.terminals.onDidData((chunk) => this.events.fire({ name: 'terminal.data', payload: chunk }));
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

  /** The task's terminal shows the side agent below what the task printed before. */
  private attachSideSession(taskId: string, session: AgentSession): void {
    this.sideAgents.add(session);
    void session.exited.then(() => this.sideAgents.delete(session));
    this.terminals.attach(taskId, session, 'side');
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
    detector: AgentDetector | null = null,
  ): Promise<Result<ProjectSession, string>> {
    const board = await BoardService.open(project.path);
    if (!board.ok) return err(board.error.code, board.error.message);
    const session = new ProjectSession(project, board.value, events, dataDir, worktreeRoot);
    session.detector = detector;
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
    const detected = this.detector?.current ?? [];
    const agents = (await this.board.agents()).map((agent) => {
      const found = agent.builtin ? detected.find((entry) => entry.id === agent.id) : undefined;
      return found ? { ...agent, ...(found.version ? { version: found.version } : {}), ...(found.warning ? { warning: found.warning } : {}) } : agent;
    });
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
      budgetUsd: state.settings.budgetUsd ?? null,
      budgetTokens: state.settings.budgetTokens ?? null,
      agent: this.board.defaultAgent,
      review: { all: state.settings.reviewBeforeMerge },
      terminals: this.terminals,
    });
    if (!prepared.ok) return err(startErrorCode(prepared.error.code), prepared.error.message, prepared.error.details ? { details: prepared.error.details } : {});
    const controller = prepared.value.controller;
    this.controller = controller;
    this.subscriptions.push(
      controller.onDidChange((snapshot) => this.events.fire({ name: 'run.changed', payload: snapshot })),
      controller.onDidTransition((transition) => {
        if (transition.status === 'merged' || transition.status === 'empty') void this.board.markDone([transition.task]);
      }),
    );
    await controller.start();
    this.runEnded = controller.done.then(async () => {
      this.lastRun = controller.snapshot();
      this.controller = null;
      for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
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

  /**
   * A pane opening: the task's terminal so far (see TaskTerminals.replay); a task that ran no agent in
   * this process is rebuilt from its last attempt's log. From now on this pane's acks pace the agent.
   */
  async replay(taskId: string): Promise<Result<TerminalReplay, 'NOT_FOUND'>> {
    const log = this.runSnapshot()?.tasks.find((task) => task.id === taskId)?.log;
    const replay = await this.terminals.replay(taskId, log ? [log] : []);
    if (replay) return ok(replay);
    // A task of the run that has not started yet: an empty pane, which its first output fills.
    if (this.controller?.hasTask(taskId)) return ok({ taskId, data: '', seq: 0, live: false });
    return err('NOT_FOUND', `No terminal for task ${taskId}`);
  }

  write(taskId: string, data: string): Result<null, 'NOT_FOUND' | 'NOT_RUNNING'> {
    return this.terminals.write(taskId, data);
  }

  resize(taskId: string, cols: number, rows: number): Result<null, 'NOT_FOUND' | 'NOT_RUNNING'> {
    const resized = this.terminals.resize(taskId, cols, rows);
    return resized.ok ? resized : err('NOT_RUNNING', resized.error.message);
  }

  ack(taskId: string, chars: number): void {
    this.terminals.ack(taskId, chars);
  }

  /**
   * Closing the project (or the app, which waits for this): every agent is stopped and its exit awaited,
   * then the run's wrap-up (lock released, run store closed) and the board's saves are on disk. The run's
   * state stays resumable.
   */
  async dispose(): Promise<void> {
    await this.conflicts.dispose();
    await Promise.all([...this.sideAgents].map((session) => session.cancel()));
    const controller = this.controller;
    if (controller) {
      controller.cancel();
      await controller.done;
    }
    await this.runEnded;
    await this.board.idle();
    this.terminalEvents.dispose();
    this.terminals.dispose();
  }
}

function startErrorCode(code: PrepareRunError): StartRunError {
  if (code === 'INVALID_PLAN' || code === 'AGENT_UNAVAILABLE') return code;
  if (code === 'RUN_ACTIVE') return 'ALREADY_RUNNING';
  return 'START_CHECK_FAILED';
}
