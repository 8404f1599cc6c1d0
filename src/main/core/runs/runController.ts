import type { RunSnapshot } from '../../../shared/board/board';
import type { AgentProfile, PlanTask } from '../../../shared/plan/plan';
import type { RunReport } from '../../../shared/run/taskStatus';
import type { AgentSession } from '../agents/agentSession';
import type { SessionKind } from '../terminals/TaskTerminals';
import { Emitter } from '../events/emitter';
import { resolveCommit } from '../git/repoInfo';
import { MergeQueue } from '../merge/mergeQueue';
import type { EventLog } from '../storage/eventLog';
import { HEARTBEAT_INTERVAL_MS } from './ownerLiveness';
import { findTaskRecord, lastAttempt, newTaskRecord, type RunState, type TaskRecord } from '../storage/runState';
import { toRunReport } from './toRunReport';
import { ResourceMonitor } from '../resources/resourceMonitor';
import type { Dispatcher } from '../scheduler/dispatcher';
import type { DispatchAction, DispatchEvent } from '../scheduler/dispatchEvents';
import type { AttemptResult, AttemptResume } from './attemptRunner';
import { RateLimitedRestarts } from './rateLimitedRestarts';
import { runAttemptLoop } from './attemptLoop';
import { settleAttempt } from './settleAttempt';
import { TaskLimits } from './taskLimits';
import { runRecordedAttempt } from './recordedAttempt';
// runs/ -> review/ (the gate and the loop), never the other way: review/ reaches the run through ports.
import { reviewLoop } from '../review/reviewLoop';
import { controllerSnapshot } from './controllerSnapshot';
import { createRunDispatcher } from './runDispatcher';
import type { RunControllerOptions, Transition } from './runControllerOptions';

export type { RunControllerOptions, Transition } from './runControllerOptions';
import { ReviewGate, type ReviewDecision } from '../review/reviewGate';
import { applyMergeOutcome, mergeRequestFor } from './mergeRequest';

/** How often the run re-reads resources and re-evaluates what may start. */
const TICK_MS = 1000;

/**
 * One run, driven by the dispatcher (a pure state machine): starts attempts when it says so, feeds it
 * what happened (agent finished, merged, conflict), persists every transition (state file and event
 * log) before announcing it, and lands finished tasks through the repository's merge queue.
 */
export class RunController {
  private readonly transitions = new Emitter<Transition>();
  private readonly changes = new Emitter<RunSnapshot>();
  readonly onDidTransition = this.transitions.event;
  readonly onDidChange = this.changes.event;

  private state: RunState;
  private readonly dispatcher: Dispatcher;
  private readonly tasks = new Map<string, PlanTask>();
  private readonly waveOf = new Map<string, number>();
  /** Per task, its running agent: to cancel it. Its output is the task's terminal (options.terminals). */
  private readonly sessions = new Map<string, AgentSession>();
  private readonly killRequested = new Set<string>();
  private readonly reviews = new ReviewGate();
  /** Per task running an attempt: gives its slot back once the agent exited 0 (see runTask). */
  private readonly slotFreers = new Map<string, () => void>();
  /** Budgets and rate limits, fed every event of every attempt. */
  private readonly limits: TaskLimits;
  private readonly restarts: RateLimitedRestarts;
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
    this.dispatcher = createRunDispatcher(options, this.state, this.now);
    this.limits = new TaskLimits(
      { usd: this.state.options.budgetUsd ?? null, tokens: this.state.options.budgetTokens ?? null },
      {
        stopAgent: (taskId) => void this.sessions.get(taskId)?.cancel(),
        note: (taskId, text) => {
          const record = findTaskRecord(this.state, taskId);
          if (!record) return;
          record.reason = text;
          void this.persist({ type: 'task.note', task: taskId, text });
          this.announce(record);
        },
        runBudgetReached: (reason) => {
          void this.persist({ type: 'run.budgetReached', reason });
          this.handle({ type: 'budget', reached: reason });
        },
        agentReady: (taskId) => this.handle({ type: 'agentReady', id: taskId }),
      },
    );
    this.restarts = new RateLimitedRestarts({
      now: this.now,
      transition: (record) => this.transition(record),
      handle: (event) => this.handle(event),
      sessionId: (taskId) => this.limits.sessionId(taskId),
    });
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
    if (taskId) this.reviews.decide(taskId, { kind: 'cancel' });
    else this.reviews.cancelAll();
    this.handle(taskId ? { type: 'cancel', id: taskId } : { type: 'cancel' });
  }

  /** The user's decision about a task waiting in Review; false when it is not waiting. */
  decideReview(taskId: string, decision: ReviewDecision): boolean {
    return this.reviews.decide(taskId, decision);
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

  snapshot(): RunSnapshot {
    return controllerSnapshot({
      state: this.state,
      dispatch: this.dispatcher.snapshot(),
      titles: new Map([...this.tasks].map(([id, task]) => [id, task.title])),
      waveOf: this.waveOf,
      live: (taskId) => this.sessions.has(taskId),
      finished: this.finished,
      cancelRequested: this.cancelRequested,
      resources: this.monitor.reading(),
    });
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
        if (!this.restarts.restarted(action.id)) void this.runTask(action.id);
        return;
      case 'skip': {
        this.restarts.ended(action.id);
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
    // The scheduler hears `finished` (slot free, locks kept) as soon as the agent exits 0; what the
    // commit then finds is told as the outcome of a task waiting to merge.
    let slotFreed = false;
    const freeSlot = () => {
      if (slotFreed) return;
      slotFreed = true;
      this.handle({ type: 'finished', id: taskId, outcome: 'success' });
    };
    try {
      const task = this.tasks.get(taskId)!;
      const record = this.record(taskId);
      const maxAttempts = 1 + (task.retries ?? this.options.defaultRetries);
      const profile = this.options.registry.resolveProfile(task.agent ?? this.options.defaultAgent);
      this.handle({ type: 'started', id: taskId });
      if ((record.status === 'merging' || record.status === 'review') && lastAttempt(record)?.commit) {
        // Resumed: the agent had finished and its work is committed; only the review and the merge are left.
        const review = record.status === 'review' && this.options.review;
        if (review) this.reviews.open(taskId);
        else record.status = 'merging';
        await this.transition(record);
        this.handle({ type: 'finished', id: taskId, outcome: 'success' });
        if (review) await this.reviewLoop(task, record);
        else await this.merge(task, record);
        return;
      }
      const firstStart = this.now();
      this.slotFreers.set(taskId, freeSlot);
      const outcome = await runAttemptLoop({
        maxAttempts,
        runOne: (resume) => {
          record.status = 'running';
          record.reason = null;
          this.limits.startAttempt(taskId);
          return profile.ok
            ? this.runOneAttempt(task, record, record.attempts.length + 1, profile.value, resume)
            : Promise.resolve({ kind: 'failed', exitCode: null, reason: profile.error.message, changedFiles: [], outOfBounds: [] });
        },
        mustStop: () => slotFreed || !profile.ok || this.killRequested.has(taskId) || this.limits.stopReason(taskId) !== null,
        rateLimit: () => this.limits.rateLimit(taskId),
        waitOut: (limit, waits) => this.restarts.wait(taskId, record, limit, waits),
        resumeOf: () => this.restarts.resumeOf(taskId),
      });
      if (outcome === null) return;
      const result: AttemptResult = outcome;
      this.slotFreers.delete(taskId);
      record.durationMs = this.now() - firstStart;
      await settleAttempt(task, record, result, {
        needsReview: (t) => this.needsReview(t),
        transition: (r) => this.transition(r),
        freeSlot,
        openReview: () => this.reviews.open(taskId),
        review: (t, r) => this.reviewLoop(t, r),
        merge: (t, r) => this.merge(t, r),
        // Said as `merged` once the slot was already given back.
        endedEmpty: () => this.handle(slotFreed ? { type: 'merged', id: taskId } : { type: 'finished', id: taskId, outcome: 'empty' }),
        endedFailed: (status, reason) => this.endFailed(record, status, reason, slotFreed),
      });
    } catch (error) {
      await this.endFailed(this.record(taskId), 'failed', `internal error: ${error instanceof Error ? error.message : String(error)}`, slotFreed);
    } finally {
      this.slotFreers.delete(taskId);
      this.inFlight--;
      if (this.dispatcher.snapshot().finished) void this.finish();
    }
  }

  /** Ends a task without work to land; a task whose slot was already given back ends as a failed verify would. */
  private async endFailed(record: TaskRecord, status: 'failed' | 'cancelled', reason: string, slotFreed: boolean): Promise<void> {
    record.status = status;
    record.reason = reason;
    await this.transition(record);
    this.handle(slotFreed ? { type: 'verifyFailed', id: record.id, reason } : { type: 'finished', id: record.id, outcome: status, reason });
  }

  private runOneAttempt(task: PlanTask, record: TaskRecord, attempt: number, profile: AgentProfile, resume?: AttemptResume): Promise<AttemptResult> {
    return runRecordedAttempt(
      {
        store: this.options.store,
        state: this.state,
        repo: this.options.repo.topLevel,
        plan: this.options.plan,
        ...(this.options.gitEnv ? { gitEnv: this.options.gitEnv } : {}),
        ...(this.options.agentSettings ? { agentSettings: this.options.agentSettings } : {}),
        isBuiltin: (id) => this.options.registry.isBuiltin(id),
        now: this.now,
        transition: (r) => this.transition(r),
        persist: (event) => this.persist(event),
        attachSession: (id, session) => this.attachSession(id, session, 'attempt'),
        detachSession: (id) => this.sessions.delete(id),
        isCancelled: (id) => this.killRequested.has(id),
        onAgentSucceeded: (id) => this.slotFreers.get(id)?.(),
        onAgentEvent: (id, event) => {
          const planTask = this.tasks.get(id);
          if (planTask) this.limits.onEvent(planTask, event);
        },
        stopReason: (id) => this.limits.stopReason(id),
        keepWorktree: (id) => this.limits.rateLimit(id) !== null,
        onWorktree: (id, worktree) => this.restarts.rememberWorktree(id, worktree),
      },
      task,
      record,
      attempt,
      profile,
      resume,
    );
  }

  /** A task's agent (an attempt, or a follow-up in Review): its output is the task's terminal. */
  private attachSession(taskId: string, session: AgentSession, kind: SessionKind): void {
    this.sessions.set(taskId, session);
    this.options.terminals?.attach(taskId, session, kind);
    // Its first output: the CLI is past its first-run set-up, so the rest of its profile may start.
    const ready = session.onDidData(() => {
      ready.dispose();
      this.handle({ type: 'agentReady', id: taskId });
    });
    if (this.killRequested.has(taskId)) void session.cancel();
    this.changes.fire(this.snapshot());
  }

  private needsReview(task: PlanTask): boolean {
    const review = this.options.review;
    return Boolean(review && (review.all || task.review));
  }

  /** Review before merge: see reviewLoop.ts. */
  private reviewLoop(task: PlanTask, record: TaskRecord): Promise<void> {
    return reviewLoop(
      {
        repo: this.options.repo.topLevel,
        runId: this.state.id,
        runDir: this.options.store.paths.runDir(this.state.id),
        registry: this.options.registry,
        defaultAgent: this.options.defaultAgent,
        reviews: this.reviews,
        transition: (r) => this.transition(r),
        merge: (t, r) => this.merge(t, r),
        taskEnded: (id, reason) => this.handle({ type: 'verifyFailed', id, reason }),
        attachSession: (id, session) => this.attachSession(id, session, 'followUp'),
        detachSession: (id) => this.sessions.delete(id),
      },
      task,
      record,
    );
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
    // A run that has ended has no merge queue any more: the caller lands the task after the run instead.
    if (this.finished || !context || (context.record.status !== 'conflict' && context.record.status !== 'failed')) return false;
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
    // Awaited: the run's last events are on disk before `done` resolves (the app quits on it).
    await this.eventLog?.close().catch((error: unknown) => console.error(`[wavelane] cannot close the event log: ${String(error)}`));
    this.changes.fire(this.snapshot());
    const head = await resolveCommit(this.options.repo.topLevel, `refs/heads/${this.state.target.branch}`);
    this.resolveDone(toRunReport(this.state, { waves: this.options.waves, ...(head ? { targetHead: head } : {}) }));
  }
}
