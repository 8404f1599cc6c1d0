import path from 'node:path';
import type { ConflictSession, FileResolution } from '../../../shared/conflicts/conflict';
import { err, ok, type Result } from '../../../shared/result';
import type { AgentSession } from '../agents/agentSession';
import { SHELL_PROFILE_ID } from '../agents/builtinProfiles';
import type { ProfileRegistry } from '../agents/profileRegistry';
import { TaskConflict, type ConflictErrorCode } from '../conflicts/taskConflict';
import type { Disposable } from '../events/disposable';
import { landAfterRun } from '../runs/landAfterRun';
import { readRepoInfo } from '../git/repoInfo';
import type { TaskContext } from './taskContext';

export interface ConflictServiceHost {
  repo: string;
  context(taskId: string): Promise<TaskContext | null>;
  /** Plan agent profiles and the default agent id, for Ask agent. */
  agents(): { profiles: ProfileRegistry | null; defaultAgent: string };
  /** An agent working on the task outside the run: its output goes to the task's terminal. */
  attachSideSession(taskId: string, session: AgentSession): void;
  announce(session: ConflictSession): void;
  /** The run or board changed (a task landed after its resolution). */
  refreshed(): Promise<void>;
}

/**
 * The conflict dialogs of a repository: one TaskConflict per task (a later `get` picks up saved and
 * interrupted work), Ask agent connected to the task's terminal, and Complete merge sending the task
 * back through the merge queue, inside its run if that run still goes, or on its own after it.
 */
export class ConflictService {
  private readonly open = new Map<string, { conflict: TaskConflict; listener: Disposable }>();

  constructor(private readonly host: ConflictServiceHost) {}

  async get(taskId: string): Promise<Result<ConflictSession, ConflictErrorCode>> {
    const existing = this.open.get(taskId);
    if (existing) return existing.conflict.refresh();
    const context = await this.host.context(taskId);
    if (!context) return err('NOT_FOUND', `Task ${taskId} has no run to resolve`);
    if (context.record.status !== 'conflict') return err('NOT_A_CONFLICT', `Task ${taskId} is ${context.record.status}, not in conflict`);
    const repo = await readRepoInfo(this.host.repo);
    if (!repo.ok) return err('GIT_FAILED', repo.error.message);
    const opened = await TaskConflict.open({
      repo: repo.value.topLevel,
      commonDir: repo.value.commonDir,
      worktree: context.worktree,
      branch: context.branch,
      target: context.target,
      task: { id: taskId, title: context.task.title, prompt: context.task.prompt, runId: context.runId },
    });
    if (!opened.ok) return opened;
    const listener = opened.value.onDidChange((session) => this.host.announce(session));
    this.open.set(taskId, { conflict: opened.value, listener });
    return ok(opened.value.session);
  }

  async resolveFile(taskId: string, file: string, resolution: FileResolution): Promise<Result<ConflictSession, ConflictErrorCode>> {
    const conflict = await this.conflict(taskId);
    return conflict.ok ? conflict.value.resolveFile(file, resolution) : conflict;
  }

  async askAgent(taskId: string, agentId?: string): Promise<Result<ConflictSession, ConflictErrorCode>> {
    const conflict = await this.conflict(taskId);
    if (!conflict.ok) return conflict;
    const context = await this.host.context(taskId);
    if (!context) return err('NOT_FOUND', `Task ${taskId} has no run to resolve`);
    const { profiles, defaultAgent } = this.host.agents();
    const wanted = agentId ?? context.task.agent ?? defaultAgent;
    if (wanted === SHELL_PROFILE_ID) {
      return err('AGENT_UNAVAILABLE', 'The shell agent runs its prompt as a script and cannot be asked to resolve a conflict: choose a coding agent');
    }
    const profile = profiles?.resolveProfile(wanted);
    if (!profile?.ok) return err('AGENT_UNAVAILABLE', `No agent profile "${wanted}"`);
    const runDir = context.paths.runDir(context.runId);
    const stamp = Date.now();
    const started = await conflict.value.askAgent({
      profile: profile.value,
      logPath: path.join(runDir, 'logs', `${taskId}-resolve-${stamp}.log`),
      promptFile: path.join(runDir, 'prompts', `${taskId}-resolve-${stamp}.md`),
    });
    if (!started.ok) return started;
    this.host.attachSideSession(taskId, started.value);
    return ok(conflict.value.session);
  }

  /** Commits the resolution on the task branch, then lands the task through the merge queue. */
  async complete(taskId: string): Promise<Result<null, ConflictErrorCode>> {
    const conflict = await this.conflict(taskId);
    if (!conflict.ok) return conflict;
    const completed = await conflict.value.complete();
    if (!completed.ok) return completed;
    this.close(taskId);
    const context = await this.host.context(taskId);
    if (context && !(await context.controller?.requeue(taskId))) {
      const landed = await landAfterRun({ repoDir: this.host.repo, runId: context.runId, taskId, title: context.task.title });
      if (!landed.ok) return err(landed.error.code, landed.error.message);
    }
    await this.host.refreshed();
    return ok(null);
  }

  async abort(taskId: string): Promise<Result<null, ConflictErrorCode>> {
    const conflict = await this.conflict(taskId);
    if (!conflict.ok) return conflict;
    const aborted = await conflict.value.abort();
    this.close(taskId);
    return aborted;
  }

  /** Closes every dialog; resolves once their resolver agents have exited (the app waits for it to quit). */
  async dispose(): Promise<void> {
    await Promise.all([...this.open.keys()].map((taskId) => this.close(taskId)));
  }

  private async conflict(taskId: string): Promise<Result<TaskConflict, ConflictErrorCode>> {
    if (!this.open.has(taskId)) {
      const opened = await this.get(taskId);
      if (!opened.ok) return opened;
    }
    return ok(this.open.get(taskId)!.conflict);
  }

  /** Closes one dialog; resolves once its resolver agent, if any, has exited. */
  private async close(taskId: string): Promise<void> {
    const entry = this.open.get(taskId);
    if (!entry) return;
    entry.listener.dispose();
    this.open.delete(taskId);
    await entry.conflict.dispose();
  }
}
