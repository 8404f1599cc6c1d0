import type { ConflictPhase, ConflictSession, FileResolution } from '../../../shared/conflicts/conflict';
import type { AgentProfile } from '../../../shared/plan/plan';
import { err, ok, type ContractError, type Result } from '../../../shared/result';
import type { AgentSession } from '../agents/agentSession';
import type { Disposable } from '../events/disposable';
import { Emitter } from '../events/emitter';
import { abortResolution } from './abortResolution';
import { cancelAgentResolution, collectAgentResolution, startAgentResolution, type CollectedAgentResolution, type StartAgentResolutionInput } from './askAgent';
import { checkResolution } from './checkResolution';
import { completeResolution, type CompletedResolution } from './completeResolution';
import { conflictSession } from './conflictSession';
import { openConflict, type OpenedConflict } from './openConflict';
import { ResolutionStore } from '../storage/resolutionStore';

/** The codes of the contract's conflict requests (src/shared/contract/conflicts.ts). */
export type ConflictErrorCode = 'NOT_FOUND' | 'NOT_A_CONFLICT' | 'INVALID_RESOLUTION' | 'UNRESOLVED' | 'BUSY' | 'GIT_FAILED' | 'AGENT_UNAVAILABLE';

export interface TaskConflictOptions {
  /** Any folder of the repository (its main checkout): read only. */
  repo: string;
  /** The git common dir (RepoInfo.commonDir): the resolutions are saved under it. */
  commonDir: string;
  /** The task's worktree, on its branch, clean, with the task's committed work. */
  worktree: string;
  /** The task branch and the target branch (short names). */
  branch: string;
  target: string;
  task: { id: string; title: string; prompt: string; runId: string };
  /** Extra environment for the commit (tests isolate the user's config with it). */
  gitEnv?: Record<string, string>;
}

export type AskAgentOptions = Pick<StartAgentResolutionInput, 'profile' | 'logPath' | 'promptFile' | 'session'>;

/**
 * One task's conflict resolution, as the dialog drives it (keep one per task): the session it shows,
 * resolving files one by one, Ask agent, Complete merge and Abort. Every change is saved (a restart
 * resumes it: `open` again) and announced on `onDidChange`. Operations run one at a time, in order.
 */
export class TaskConflict implements Disposable {
  private readonly changed = new Emitter<ConflictSession>();
  /** Fires with the new session after every change (the `conflict.changed` event). */
  readonly onDidChange = this.changed.event;
  private phase: ConflictPhase = 'open';
  private message: string | null = null;
  private agentSession: AgentSession | null = null;
  private agentDone: Promise<void> = Promise.resolve();
  private queue: Promise<unknown> = Promise.resolve();
  private current!: ConflictSession;
  private disposed = false;

  private constructor(
    private readonly options: TaskConflictOptions,
    private readonly store: ResolutionStore,
    private opened: OpenedConflict,
  ) {}

  /**
   * Opens the conflict of a task: its files from git, with the resolutions saved so far. An agent run
   * that a restart interrupted is collected first (its work becomes proposals; the worktree is restored).
   */
  static async open(options: TaskConflictOptions): Promise<Result<TaskConflict, ConflictErrorCode>> {
    const store = await ResolutionStore.load(options.commonDir, options.task.id);
    if (!store.ok) return failure(store.error);
    let recovered: CollectedAgentResolution | null = null;
    if (store.value.agentRun) {
      const collected = await collectAgentResolution({ worktree: options.worktree, branch: options.branch, store: store.value });
      if (!collected.ok) return failure(collected.error);
      recovered = collected.value;
    }
    const opened = await openConflict({ repo: options.repo, worktree: options.worktree, taskBranch: options.branch, target: options.target });
    if (!opened.ok) return opened;
    const conflict = new TaskConflict(options, store.value, opened.value);
    if (recovered) conflict.message = `The agent was interrupted; ${describeCollected(recovered)}`;
    await conflict.rebuild();
    return ok(conflict);
  }

  get session(): ConflictSession {
    return structuredClone(this.current);
  }

  /** Reads git again (the target may have moved); resolutions still made against the current versions are kept. */
  refresh(): Promise<Result<ConflictSession, ConflictErrorCode>> {
    return this.serial(async () => {
      const usable = this.usable(['open']);
      if (!usable.ok) return usable;
      return this.reopen();
    });
  }

  /** The user settles one file (an agent's proposals are already settled; this replaces one). */
  resolveFile(file: string, resolution: FileResolution): Promise<Result<ConflictSession, ConflictErrorCode>> {
    return this.serial(async () => {
      const usable = this.usable(['open']);
      if (!usable.ok) return usable;
      const shown = this.current.files.find((candidate) => candidate.path === file);
      const stages = this.opened.stages.get(file);
      if (!shown || !stages) return err('NOT_FOUND', `${file} is not one of the conflicted files of task ${this.options.task.id}`, { where: file });
      const valid = checkResolution(shown, resolution);
      if (!valid.ok) return valid;
      const saved = await this.store.set(file, { resolution, resolvedBy: 'user', stages });
      if (!saved.ok) return failure(saved.error);
      this.message = null;
      return ok(await this.rebuild());
    });
  }

  /**
   * Ask agent to resolve: the target is merged into the worktree (markers in place) and the agent starts
   * there. The returned session is the caller's to show in the task's terminal; when it exits, its work
   * comes back as proposals (see collectAgentResolution) and the phase returns to `open`.
   */
  askAgent(agent: AskAgentOptions): Promise<Result<AgentSession, ConflictErrorCode>> {
    return this.serial(async () => {
      const usable = this.usable(['open']);
      if (!usable.ok) return usable;
      const { worktree, branch, target, task } = this.options;
      const started = await startAgentResolution({ ...agent, worktree, branch, target, task, runId: task.runId, store: this.store });
      if (!started.ok) return failure(started.error);
      const session = started.value.session;
      this.agentSession = session;
      this.phase = 'agent-running';
      this.message = null;
      this.agentDone = session.exited.then(() => this.serial(() => this.afterAgent(agent.profile)));
      await this.rebuild();
      return ok(session);
    });
  }

  /** Resolves once a running agent's work has been collected (at once when none runs). */
  whenAgentDone(): Promise<void> {
    return this.agentDone;
  }

  /** Stops the agent; nothing it wrote is kept. */
  cancelAgent(): Promise<Result<ConflictSession, ConflictErrorCode>> {
    return this.serial(async () => {
      if (this.phase !== 'agent-running') return err('NOT_FOUND', `No agent is resolving the conflicts of task ${this.options.task.id}`);
      const cancelled = await cancelAgentResolution({ session: this.agentSession, worktree: this.options.worktree, branch: this.options.branch, store: this.store });
      this.agentSession = null;
      this.phase = 'open';
      if (!cancelled.ok) return failure(cancelled.error);
      this.message = 'The agent was stopped; nothing it wrote was kept';
      return ok(await this.rebuild());
    });
  }

  /**
   * Complete merge: commits the resolution on the task branch as a merge of the target into it. Then the
   * caller puts the task back in the merge queue. If the target moved and conflicts differently now,
   * nothing changes, the session is read again, and the error names the files to look at.
   */
  complete(): Promise<Result<CompletedResolution, ConflictErrorCode>> {
    return this.serial(async () => {
      const usable = this.usable(['open']);
      if (!usable.ok) return usable;
      this.setPhase('completing');
      const { worktree, branch, target, task, gitEnv } = this.options;
      const done = await completeResolution({
        worktree,
        branch,
        target,
        taskId: task.id,
        runId: task.runId,
        resolutions: this.store.entries(),
        ...(gitEnv ? { gitEnv } : {}),
      });
      if (!done.ok) {
        this.phase = 'open';
        this.message = done.error.message;
        if (done.error.code === 'UNRESOLVED') await this.reopen();
        else await this.rebuild();
        return done;
      }
      const cleared = await this.store.clear();
      this.phase = 'completed';
      this.message = cleared.ok ? null : `Committed, but ${cleared.error.message}`;
      await this.rebuild();
      return done;
    });
  }

  /** Abort: stops a running agent, undoes any merge in the worktree and forgets the resolutions. */
  abort(): Promise<Result<null, ConflictErrorCode>> {
    return this.serial(async () => {
      const usable = this.usable(['open', 'agent-running']);
      if (!usable.ok) return usable;
      const { worktree, branch } = this.options;
      if (this.phase === 'agent-running') {
        const cancelled = await cancelAgentResolution({ session: this.agentSession, worktree, branch, store: this.store });
        this.agentSession = null;
        if (!cancelled.ok) return failure(cancelled.error);
      }
      const aborted = await abortResolution({ worktree, branch, store: this.store });
      if (!aborted.ok) {
        this.phase = 'open';
        this.message = aborted.error.message;
        await this.rebuild();
        return failure(aborted.error);
      }
      this.phase = 'aborted';
      this.message = null;
      await this.rebuild();
      return ok(null);
    });
  }

  /** Kills a running agent (its merge stays in the worktree, recorded: the next `open` collects it). */
  /** Kills a resolver agent still running and drops the listeners; resolves once that agent has exited. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const agent = this.agentSession;
    this.agentSession = null;
    agent?.dispose();
    this.changed.dispose();
    await agent?.exited;
  }

  private async afterAgent(profile: AgentProfile): Promise<void> {
    if (this.disposed || this.phase !== 'agent-running' || !this.store.agentRun) return;
    this.agentSession = null;
    const collected = await collectAgentResolution({ worktree: this.options.worktree, branch: this.options.branch, store: this.store });
    this.phase = 'open';
    // The session's message is what went wrong (the dialog shows it as an error); files the agent settled
    // show in the file list, so a clean finish has nothing to say.
    const problems = collected.ok ? collectedProblems(collected.value) : [];
    const said = !collected.ok ? collected.error.message : problems.length > 0 ? `${profile.id} finished, but ${problems.join('; ')}` : null;
    this.message = said;
    const reopened = await this.reopen();
    if (!reopened.ok && said !== null) {
      // reopen() announced its own error in place of ours: say both.
      this.message = `${said}; ${reopened.error.message}`;
      await this.rebuild();
    }
  }

  private async reopen(): Promise<Result<ConflictSession, ConflictErrorCode>> {
    const { repo, worktree, branch, target } = this.options;
    const opened = await openConflict({ repo, worktree, taskBranch: branch, target });
    if (!opened.ok) {
      this.message = opened.error.message;
      await this.rebuild();
      return opened;
    }
    this.opened = opened.value;
    return ok(await this.rebuild());
  }

  /** Lays the store over git's files, drops resolutions that no longer apply, and announces the result. */
  private async rebuild(): Promise<ConflictSession> {
    const { task, branch, target } = this.options;
    const built = conflictSession(this.opened, (file) => this.store.get(file), {
      taskId: task.id,
      title: task.title,
      branch,
      target,
      phase: this.phase,
      agent: this.phase === 'agent-running' ? (this.store.agentRun?.profile ?? null) : null,
      message: this.message,
    });
    if (built.stale.length > 0 && this.phase !== 'agent-running') await this.store.delete(built.stale);
    this.current = built.session;
    this.changed.fire(this.session);
    return this.session;
  }

  private setPhase(phase: ConflictPhase): void {
    this.phase = phase;
    this.current = { ...this.current, phase };
    this.changed.fire(this.session);
  }

  private usable(phases: readonly ConflictPhase[]): Result<null, ConflictErrorCode> {
    if (phases.includes(this.phase)) return ok(null);
    const id = this.options.task.id;
    if (this.phase === 'completed' || this.phase === 'aborted') return err('NOT_FOUND', `The conflict of task ${id} was already ${this.phase}`);
    return err('BUSY', `The conflict of task ${id} is busy (${this.phase}); wait for it or stop the agent`);
  }

  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const next = this.queue.then(operation);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** A step's error as a contract error; the contract has no code of its own for our state file, so the message names it. */
function failure<C extends ConflictErrorCode | 'STORE_FAILED'>(error: ContractError<C>): { ok: false; error: ContractError<Exclude<C, 'STORE_FAILED'> | 'GIT_FAILED'> } {
  const code = (error.code === 'STORE_FAILED' ? 'GIT_FAILED' : error.code) as Exclude<C, 'STORE_FAILED'> | 'GIT_FAILED';
  return { ok: false, error: { ...error, code } };
}

/** What an agent's run did not do cleanly: files it left unresolved, edits and files of its that were dropped. */
function collectedProblems(collected: CollectedAgentResolution): string[] {
  const parts: string[] = [];
  if (collected.unresolved.length > 0) parts.push(`left unresolved: ${collected.unresolved.join(', ')}`);
  if (collected.ignored.length > 0) parts.push(`its edits to other files were discarded: ${collected.ignored.join(', ')}`);
  if (collected.removed.length > 0) parts.push(`files it created were removed: ${collected.removed.join(', ')}`);
  return parts;
}

function describeCollected(collected: CollectedAgentResolution): string {
  const count = collected.proposed.length;
  return [`${count === 1 ? '1 file' : `${count} files`} proposed for review`, ...collectedProblems(collected)].join('; ');
}
