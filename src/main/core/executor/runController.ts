import type { RunSnapshot, RunTask } from '../../../shared/board/board';
import type { AgentProfile, Plan, PlanTask } from '../../../shared/plan/plan';
import { isFinal, type RunReport, type TaskStatus } from '../../../shared/run/taskStatus';
import type { AgentSession } from '../agents/agentSession';
import type { ProfileRegistry } from '../agents/profileRegistry';
import { readLogTail } from '../agents/sessionLog';
import { Emitter } from '../events/emitter';
import { resolveCommit } from '../git/repoInfo';
import { MergeQueue } from '../merge/mergeQueue';
import type { EventLog } from '../persistence/eventLog';
import { HEARTBEAT_INTERVAL_MS } from '../persistence/ownerLiveness';
import { findTaskRecord, lastAttempt, newTaskRecord, type RunState, type TaskRecord } from '../persistence/runState';
import type { RunStore } from '../persistence/runStore';
import { toRunReport } from '../persistence/toRunReport';
import { toTaskReport } from '../persistence/toTaskReport';
import { ResourceMonitor, type ResourceSampler } from '../resources/resourceMonitor';
import { createDispatcher, type Dispatcher } from '../scheduler/dispatcher';
import type { DispatchAction, DispatchEvent } from '../scheduler/dispatchEvents';
import type { Durations } from '../scheduler/criticalPath';
import { runAttempt, type AttemptResult } from './attemptRunner';
import { blockerText } from './blockerText';
import { applyMergeOutcome, mergeRequestFor } from './mergeRequest';

/** How often the run re-reads resources and re-evaluates what may start. */
const TICK_MS = 1000;

export interface Transition {
  at: Date;
  task: string;
  status: TaskStatus;
  wave: number | null;
  reason: string | null;
  attempt: number;
}

export interface TerminalChunk {
  taskId: string;
  seq: number;
  data: string;
}

export interface RunControllerOptions {
  store: RunStore;
  /** The run's state, owned by this process (new, or taken over from a dead owner). */
  state: RunState;
  plan: Plan;
  registry: ProfileRegistry;
  /** Agent for tasks that name none. */
  defaultAgent: string;
  /** Retries for tasks that set none. */
  defaultRetries: number;
  repo: { topLevel: string; commonDir: string };
  /** Wave of each task in the preview, for progress lines. */
  waves: string[][];
  durations?: Durations;
  sampler: ResourceSampler;
  now?: () => number;
  gitEnv?: Record<string, string>;
}

/**
 * One run, driven by the dispatcher (a pure state machine): starts attempts when it says so, feeds it
 * what happened (agent finished, merged, conflict), persists every transition (state file and event
 * log) before announcing it, and lands finished tasks through the repository's merge queue.
 */
export class RunController {
  private readonly transitions = new Emitter<Transition>();
  private readonly changes = new Emitter<RunSnapshot>();
  private readonly data = new Emitter<TerminalChunk>();
  readonly onDidTransition = this.transitions.event;
  readonly onDidChange = this.changes.event;
  readonly onDidData = this.data.event;

  private state: RunState;
  private readonly dispatcher: Dispatcher;
  private readonly tasks = new Map<string, PlanTask>();
  private readonly waveOf = new Map<string, number>();
  private readonly sessions = new Map<string, AgentSession>();
  /** Per task: seq of the last chunk sent, so a new attempt's chunks continue the numbering. */
  private readonly seqBase = new Map<string, number>();
  /** Per task: the seq base of the live session (its chunk n goes out as base + n). */
  private readonly sessionBase = new Map<string, number>();
  private readonly killRequested = new Set<string>();
  private readonly mergeQueue: MergeQueue;
  private readonly monitor: ResourceMonitor;
  private readonly now: () => number;
  private eventLog: EventLog | null = null;
  private cancelRequested = false;
  private finished = false;
  private timers: ReturnType<typeof setInterval>[] = [];
  private resolveDone!: (report: RunReport) => void;
  readonly done: Promise<RunReport>;
  private inFlight = 0;

  constructor(private readonly options: RunControllerOptions) {
    this.state = options.state;
    this.now = options.now ?? Date.now;
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    options.waves.forEach((wave, index) => wave.forEach((id) => this.waveOf.set(id, index + 1)));
    for (const task of options.plan.tasks) this.tasks.set(task.id, task);
    const dispatched = this.dispatchableTasks();
    const created = createDispatcher({
      tasks: dispatched,
      strategy: this.state.options.strategy,
      maxParallel: this.state.options.maxParallel,
      ...(options.durations ? { durations: options.durations } : {}),
      now: this.now,
    });
    if (!created.ok) throw new Error(`the run's tasks cannot be scheduled: ${created.error.message}`);
    this.dispatcher = created.value;
    this.monitor = new ResourceMonitor({ sampler: options.sampler, now: this.now, enabled: this.state.options.resourceGuard });
    this.mergeQueue = new MergeQueue({
      repo: options.repo.topLevel,
      commonDir: options.repo.commonDir,
      target: this.state.target.branch,
      ...(options.gitEnv ? { gitEnv: options.gitEnv } : {}),
    });
    this.mergeQueue.onDidProgress((progress) => {
      const record = findTaskRecord(this.state, progress.taskId);
      if (!record || record.status !== 'merging') return;
      const reason = progress.phase === 'waiting' ? progress.reason : null;
      if (record.reason !== reason) {
        record.reason = reason;
        this.announce(record);
      }
    });
  }

  /** Tasks the dispatcher schedules: those not final yet; merged and empty ones count as done. */
  private dispatchableTasks(): PlanTask[] {
    const out: PlanTask[] = [];
    for (const task of this.options.plan.tasks) {
      const record = findTaskRecord(this.state, task.id);
      if (!record) continue;
      if (record.status === 'merged' || record.status === 'empty') out.push({ ...task, status: 'done' });
      else if (!isFinal(record.status)) out.push({ ...task, status: 'todo' });
    }
    // A pending task whose dependency ended badly in an earlier life of this run cannot run: skip it too.
    const present = new Set(out.map((task) => task.id));
    let changed = true;
    while (changed) {
      changed = false;
      for (const task of out) {
        if (task.status === 'done' || !present.has(task.id)) continue;
        const missing = (task.dependsOn ?? []).find((dep) => !present.has(dep));
        if (missing) {
          present.delete(task.id);
          const record = findTaskRecord(this.state, task.id)!;
          record.status = 'skipped';
          record.reason = `skipped: ${missing} did not land`;
          changed = true;
        }
      }
    }
    return out.filter((task) => present.has(task.id));
  }

  /** Starts the loop; `done` resolves with the report when every task is final. */
  async start(): Promise<void> {
    const log = await this.options.store.eventLog(this.state.id);
    this.eventLog = log.ok ? log.value : null;
    await this.persist({ type: 'run.started', pid: process.pid, strategy: this.state.options.strategy });
    this.timers.push(setInterval(() => this.tick(), TICK_MS));
    this.timers.push(setInterval(() => void this.heartbeat(), HEARTBEAT_INTERVAL_MS));
    this.handle({ type: 'tick' });
  }

  get runId(): string {
    return this.state.id;
  }

  /** Cancels one task, or the whole run. Merges already under way finish. */
  cancel(taskId?: string): void {
    if (!taskId) this.cancelRequested = true;
    this.handle(taskId ? { type: 'cancel', id: taskId } : { type: 'cancel' });
  }

  /** A task dropped on the lane during the run joins it. */
  addTask(task: PlanTask): void {
    if (this.tasks.has(task.id) || this.finished) return;
    this.tasks.set(task.id, task);
    this.state.tasks.push(newTaskRecord(task.id));
    this.handle({ type: 'addTask', task });
    void this.persist({ type: 'task.added', task: task.id });
  }

  hasTask(taskId: string): boolean {
    return this.tasks.has(taskId);
  }

  session(taskId: string): AgentSession | null {
    return this.sessions.get(taskId) ?? null;
  }

  /** The pane's content: the live session's replay, or the last attempt's log once it is over. */
  async replay(taskId: string): Promise<{ data: string; seq: number; live: boolean } | null> {
    const session = this.sessions.get(taskId);
    const base = this.seqBase.get(taskId) ?? 0;
    if (session) {
      const replay = session.replay();
      return { data: replay.data, seq: (this.sessionBase.get(taskId) ?? 0) + replay.seq, live: replay.live };
    }
    const record = findTaskRecord(this.state, taskId);
    const log = record && lastAttempt(record)?.log;
    if (!log) return record ? { data: '', seq: base, live: false } : null;
    const tail = await readLogTail(log);
    return { data: tail.ok ? tail.value : '', seq: base, live: false };
  }

  report(): RunReport {
    return toRunReport(this.state, { waves: this.options.waves, now: new Date(this.now()) });
  }

  snapshot(): RunSnapshot {
    const dispatch = this.dispatcher.snapshot();
    const pending = new Map(dispatch.tasks.map((task) => [task.id, task]));
    const tasks: RunTask[] = this.state.tasks.map((record) => {
      const report = toTaskReport(record);
      const blocked = record.status === 'pending' ? blockerText(pending.get(record.id)?.blockedBy ?? null) : null;
      return {
        ...report,
        reason: report.reason ?? blocked,
        title: this.tasks.get(record.id)?.title ?? record.id,
        wave: this.waveOf.get(record.id) ?? null,
        live: this.sessions.has(record.id),
      };
    });
    return {
      id: this.state.id,
      state: this.finished ? (this.cancelRequested ? 'cancelled' : 'finished') : this.cancelRequested ? 'cancelling' : 'running',
      startedAt: this.state.startedAt,
      endedAt: this.state.endedAt,
      maxParallel: this.state.options.maxParallel,
      holdReason: dispatch.holdReason,
      resources: this.monitor.reading(),
      tasks,
    };
  }

  private tick(): void {
    if (this.finished) return;
    const running = this.dispatcher.snapshot().running;
    this.handle({ type: 'resources', hold: this.monitor.hold(running) });
    this.changes.fire(this.snapshot());
  }

  private async heartbeat(): Promise<void> {
    if (this.finished) return;
    this.state.owner.heartbeatAt = new Date().toISOString();
    await this.options.store.saveRunState(this.state);
  }

  private handle(event: DispatchEvent): void {
    if (this.finished) return;
    const result = this.dispatcher.handle(event);
    if (!result.ok) {
      console.error(`[wavelane] the scheduler refused ${event.type}: ${result.error.message}`);
      return;
    }
    for (const action of result.value) this.perform(action);
  }

  private perform(action: DispatchAction): void {
    switch (action.type) {
      case 'start':
        void this.runTask(action.id);
        return;
      case 'skip': {
        const record = this.record(action.id);
        record.status = action.status;
        record.reason = action.reason;
        void this.transition(record);
        return;
      }
      case 'kill': {
        this.killRequested.add(action.id);
        void this.sessions.get(action.id)?.cancel();
        return;
      }
      case 'done':
        void this.finish();
        return;
    }
  }

  private record(taskId: string): TaskRecord {
    const record = findTaskRecord(this.state, taskId);
    if (!record) throw new Error(`no record for task ${taskId}`);
    return record;
  }

  /** Runs attempts until one succeeds or the retries are used up, then hands the task to the merge queue. */
  private async runTask(taskId: string): Promise<void> {
    this.inFlight++;
    try {
      const task = this.tasks.get(taskId)!;
      const record = this.record(taskId);
      const maxAttempts = 1 + (task.retries ?? this.options.defaultRetries);
      const profile = this.options.registry.resolveProfile(task.agent ?? this.options.defaultAgent);
      this.handle({ type: 'started', id: taskId });
      if (record.status === 'merging' && lastAttempt(record)?.commit) {
        // Resumed: the agent had finished and its work is committed; only the merge is left.
        await this.transition(record);
        this.handle({ type: 'finished', id: taskId, outcome: 'success' });
        await this.merge(task, record);
        return;
      }
      let result: AttemptResult;
      const firstStart = this.now();
      do {
        const attempt = record.attempts.length + 1;
        record.status = 'running';
        record.reason = null;
        result = profile.ok
          ? await this.runOneAttempt(task, record, attempt, profile.value)
          : { kind: 'failed', exitCode: null, reason: profile.error.message, changedFiles: [], outOfBounds: [] };
      } while (result.kind === 'failed' && record.attempts.length < maxAttempts && !this.killRequested.has(taskId) && profile.ok);
      record.durationMs = this.now() - firstStart;
      record.changedFiles = 'changedFiles' in result ? result.changedFiles : [];
      record.outOfBounds = 'outOfBounds' in result ? result.outOfBounds : [];
      if (result.kind === 'committed') {
        record.status = 'merging';
        await this.transition(record);
        this.handle({ type: 'finished', id: taskId, outcome: 'success' });
        await this.merge(task, record);
      } else if (result.kind === 'empty') {
        record.status = 'empty';
        record.reason = 'the agent changed nothing';
        await this.transition(record);
        this.handle({ type: 'finished', id: taskId, outcome: 'empty' });
      } else {
        record.status = result.kind;
        record.reason = result.reason;
        await this.transition(record);
        this.handle({ type: 'finished', id: taskId, outcome: result.kind, reason: result.reason });
      }
    } catch (error) {
      const record = this.record(taskId);
      record.status = 'failed';
      record.reason = `internal error: ${error instanceof Error ? error.message : String(error)}`;
      await this.transition(record);
      this.handle({ type: 'finished', id: taskId, outcome: 'failed', reason: record.reason });
    } finally {
      this.inFlight--;
      if (this.dispatcher.snapshot().finished) void this.finish();
    }
  }

  private async runOneAttempt(task: PlanTask, record: TaskRecord, attempt: number, profile: AgentProfile): Promise<AttemptResult> {
    const store = this.options.store;
    const runId = this.state.id;
    const result = await runAttempt(
      {
        runId,
        repo: this.options.repo.topLevel,
        targetBranch: this.state.target.branch,
        worktreeRoot: this.state.options.worktreeRoot,
        plan: this.options.plan,
        strictFiles: this.state.options.strictFiles,
        promptFile: async (taskId, n, prompt) => {
          const written = await store.writePrompt(runId, taskId, n, prompt);
          if (!written.ok) throw new Error(written.error.message);
          return written.value;
        },
        logFile: (taskId, n) => store.paths.logFile(runId, taskId, n),
        ...(this.options.gitEnv ? { gitEnv: this.options.gitEnv } : {}),
      },
      task,
      profile,
      attempt,
      {
        onWorktree: async (worktree) => {
          record.attempts.push({
            n: worktree.attempt,
            branch: worktree.branch,
            worktree: worktree.path,
            startedAt: new Date(this.now()).toISOString(),
            endedAt: null,
            exitCode: null,
            log: store.paths.logFile(runId, task.id, worktree.attempt),
            commit: null,
          });
          await this.transition(record);
        },
        onSession: (session) => {
          this.sessions.set(task.id, session);
          const base = this.seqBase.get(task.id) ?? 0;
          this.sessionBase.set(task.id, base);
          session.onDidData((batch) => {
            this.seqBase.set(task.id, base + batch.seq);
            this.data.fire({ taskId: task.id, seq: base + batch.seq, data: batch.data });
          });
          if (this.killRequested.has(task.id)) void session.cancel();
          this.changes.fire(this.snapshot());
        },
        isCancelled: () => this.killRequested.has(task.id),
      },
    );
    this.sessions.delete(task.id);
    const last = lastAttempt(record);
    if (last && last.endedAt === null) {
      last.endedAt = new Date(this.now()).toISOString();
      last.exitCode = result.exitCode;
      if (result.kind === 'committed') last.commit = result.head;
    }
    if (result.kind === 'failed' && record.attempts.length > 0) {
      await this.persist({ type: 'attempt.failed', task: task.id, attempt, reason: result.reason, exitCode: result.exitCode });
    }
    return result;
  }

  private async merge(task: PlanTask, record: TaskRecord, requeued = false): Promise<void> {
    const outcome = await this.mergeQueue.enqueue(mergeRequestFor(this.state, record, task.title));
    const { event, extra } = applyMergeOutcome(record, outcome);
    await this.transition(record, extra);
    // A task re-queued after its conflict was resolved is already final for the scheduler.
    if (!requeued) this.handle(event);
  }

  /** The record and plan task of a task of this run, for resolving its conflict. */
  taskContext(taskId: string): { record: TaskRecord; task: PlanTask; state: RunState } | null {
    const record = findTaskRecord(this.state, taskId);
    const task = this.tasks.get(taskId);
    return record && task ? { record, task, state: this.state } : null;
  }

  /**
   * Sends a task whose conflict was resolved (or whose verify failed) back through the merge queue with
   * its branch as it is now. Its dependents stay as the scheduler left them.
   */
  async requeue(taskId: string): Promise<boolean> {
    const context = this.taskContext(taskId);
    if (!context || (context.record.status !== 'conflict' && context.record.status !== 'failed')) return false;
    this.inFlight++;
    try {
      context.record.status = 'merging';
      context.record.reason = null;
      await this.transition(context.record);
      await this.merge(context.task, context.record, true);
      return true;
    } finally {
      this.inFlight--;
    }
  }

  /** Persists the record's new status (state file, then event log), then tells listeners. */
  private async transition(record: TaskRecord, extra: Record<string, unknown> = {}): Promise<void> {
    const attempt = record.attempts.length;
    await this.persist({ type: `task.${record.status}`, task: record.id, attempt, reason: record.reason, ...extra });
    this.announce(record);
  }

  private announce(record: TaskRecord): void {
    this.transitions.fire({
      at: new Date(this.now()),
      task: record.id,
      status: record.status,
      wave: this.waveOf.get(record.id) ?? null,
      reason: record.reason,
      attempt: record.attempts.length,
    });
    this.changes.fire(this.snapshot());
  }

  private async persist(event: { type: string; task?: string; attempt?: number; [key: string]: unknown }): Promise<void> {
    const saved = await this.options.store.saveRunState(this.state);
    if (!saved.ok) console.error(`[wavelane] ${saved.error.message}`);
    this.eventLog?.append(event);
  }

  private async finish(): Promise<void> {
    if (this.finished || this.inFlight > 0 || !this.dispatcher.snapshot().finished) return;
    this.finished = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.mergeQueue.whenIdle();
    this.mergeQueue.dispose();
    this.state.state = this.cancelRequested ? 'cancelled' : 'finished';
    this.state.endedAt = new Date(this.now()).toISOString();
    await this.persist({ type: `run.${this.state.state}` });
    this.eventLog?.close();
    this.changes.fire(this.snapshot());
    const head = await this.targetHead();
    this.resolveDone(toRunReport(this.state, { waves: this.options.waves, ...(head ? { targetHead: head } : {}) }));
  }

  private targetHead(): Promise<string | null> {
    return resolveCommit(this.options.repo.topLevel, `refs/heads/${this.state.target.branch}`);
  }
}
