import path from 'node:path';
import type { ContractError } from '../../../shared/result';
import type { Disposable } from '../events/disposable';
import { Emitter } from '../events/emitter';
import { commitIdentityEnv } from '../git/identity';
import { branchRef, resolveCommit, resolveCommits } from '../git/repoInfo';
import { acquire, type LockHandle } from '../locks/fileLock';
import { abortableSleep } from '../events/abortableSleep';
import { advanceTarget } from './advanceTarget';
import { cleanupMergedTask } from './cleanupMergedTask';
import { createMergeCommit } from './mergeCommit';
import type { MergeErrorCode, MergeOutcome, MergePhase, MergeProgress, MergeRequest } from './mergeOutcome';
import { checkMerge } from './mergeTree';
import { returnToTaskBranch, verifyMergedTree, type VerifyReport } from './verify';

export type { MergeErrorCode, MergeOutcome, MergePhase, MergeProgress, MergeRequest } from './mergeOutcome';

/** Seams for tests: called at fixed points of a merge, inside the lock. */
export interface MergeQueueHooks {
  /** After every check and verify, just before the compare-and-swap of the target. */
  beforeAdvance?(info: { attempt: number; targetHead: string; newHead: string; taskIds: string[] }): Promise<void> | void;
  /** Right after the lock is taken, and right before it is released. */
  onLockAcquired?(): Promise<void> | void;
  onLockReleasing?(): Promise<void> | void;
}

export interface MergeQueueOptions {
  /** Any folder of the repository (its main checkout, usually). */
  repo: string;
  /** The git common dir (RepoInfo.commonDir): the lock and the sync journal live there. */
  commonDir: string;
  /** Target branch, short name. */
  target: string;
  /** Extra environment for the git commands that create commits (tests isolate config with it). */
  gitEnv?: Record<string, string>;
  lockTimeoutMs?: number;
  lockStaleMs?: number;
  /** How often a merge waiting on the user's checkout looks again. */
  checkoutPollMs?: number;
  /** At most this many queued requests land in one advance of the target. */
  maxBatch?: number;
  hooks?: MergeQueueHooks;
}

/** Another process may merge a long verify's worth; waiting an hour for the lock beats failing a finished task. */
export const DEFAULT_LOCK_TIMEOUT_MS = 60 * 60_000;
/** The holder's heartbeat runs every 10 s (a third): a lock quiet for 30 s belongs to a stuck or dead process. */
export const DEFAULT_LOCK_STALE_MS = 30_000;
/** A person fixing their checkout works in seconds; a second between looks costs them nothing. */
export const DEFAULT_CHECKOUT_POLL_MS = 1_000;
/** Requests that land in one advance; bounded so one process does not hold the lock for too long. */
export const DEFAULT_MAX_BATCH = 32;
/** The target moving under us this often in a row means someone is committing in a loop: give up, say so. */
const MAX_RESTARTS = 20;
/** After a failed ref update that was not a move (a held ref lock), wait this long before trying again. */
const RESTART_BACKOFF_MS = 50;

interface Entry {
  request: MergeRequest;
  resolve(outcome: MergeOutcome): void;
}

interface Landed {
  entry: Entry;
  taskHead: string;
  mergeCommit: string;
  verify: VerifyReport | null;
}

/**
 * The merge queue of one target branch: requests land one at a time, in order of arrival, each holding
 * the repository's merge lock (`<git common dir>/wavelane/merge.lock`), so processes never merge at the
 * same time either. For each request: conflict check in memory (merge-tree), two-parent merge commit,
 * verify on exactly that tree, then compare-and-swap of the target (starting over if it moved), then
 * the target's checkout is brought along while its tracked files are untouched.
 *
 * Requests that are queued together are merged one after another into a chain of merge commits (each
 * checked and verified on top of the previous one) and the target advances once to the end of the
 * chain: the same history as one advance per request, without re-reading the checkout each time.
 */
export class MergeQueue implements Disposable {
  private readonly progress = new Emitter<MergeProgress>();
  readonly onDidProgress = this.progress.event;
  private readonly queue: Entry[] = [];
  private readonly abort = new AbortController();
  private readonly ref: string;
  private running = false;
  private disposed = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(private readonly options: MergeQueueOptions) {
    this.ref = branchRef(options.target);
  }

  /** Queues a request; resolves when it merged, conflicted, failed or was cancelled. Never rejects. */
  enqueue(request: MergeRequest): Promise<MergeOutcome> {
    if (this.disposed) {
      return Promise.resolve({ status: 'cancelled', taskId: request.taskId, reason: 'the merge queue was closed' });
    }
    return new Promise((resolve) => {
      this.queue.push({ request, resolve });
      this.emit(request.taskId, 'queued');
      this.pump();
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Cancels queued requests and stops waiting; a merge already past its advance still finishes. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort.abort();
    for (const entry of this.queue.splice(0)) {
      entry.resolve({ status: 'cancelled', taskId: entry.request.taskId, reason: 'the merge queue was closed' });
    }
  }

  /** Resolves when nothing is being merged (for an orderly shutdown after dispose). */
  whenIdle(): Promise<void> {
    return this.idle;
  }

  private pump(): void {
    if (this.running) return;
    this.running = true;
    this.idle = (async () => {
      // Let requests queued in the same tick (a burst of finished tasks) join the first batch.
      await Promise.resolve();
      try {
        while (this.queue.length > 0 && !this.disposed) {
          const batch = this.queue.splice(0, this.options.maxBatch ?? DEFAULT_MAX_BATCH);
          await this.runBatch(batch);
        }
      } finally {
        this.running = false;
      }
    })();
  }

  private async runBatch(batch: Entry[]): Promise<void> {
    for (const entry of batch) this.emit(entry.request.taskId, 'locking');
    const lock = await acquire({
      path: path.join(this.options.commonDir, 'wavelane', 'merge.lock'),
      timeoutMs: this.options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
      staleMs: this.options.lockStaleMs ?? DEFAULT_LOCK_STALE_MS,
      signal: this.abort.signal,
    });
    if (!lock.ok) {
      for (const entry of batch) {
        if (lock.error.code === 'LOCK_ABORTED') {
          entry.resolve({ status: 'cancelled', taskId: entry.request.taskId, reason: 'the merge queue was closed' });
        } else {
          entry.resolve(failed(entry, { code: lock.error.code, message: lock.error.message, where: lock.error.where }));
        }
      }
      return;
    }
    let landed: { merged: Landed[]; checkout: 'synced' | 'none' | 'pending'; restarts: number } | null = null;
    try {
      await this.options.hooks?.onLockAcquired?.();
      landed = await this.mergeBatch(batch);
    } catch (error) {
      // A thrown error here is a bug (or git vanished); no request may hang because of it.
      for (const entry of batch) {
        entry.resolve(failed(entry, { code: 'INTERNAL', message: `Merging failed unexpectedly: ${describe(error)}` }));
      }
    } finally {
      await this.release(lock.value);
    }
    if (!landed) return;
    // Cleanup needs no merge lock (git locks its own worktree bookkeeping), so other merges go ahead.
    for (const item of landed.merged) {
      this.emit(item.entry.request.taskId, 'cleaning');
      const cleanupProblems = await cleanupMergedTask({
        repo: this.options.repo,
        request: item.entry.request,
        taskHead: item.taskHead,
        mergeCommit: item.mergeCommit,
        verified: item.verify !== null,
      });
      item.entry.resolve({
        status: 'merged',
        taskId: item.entry.request.taskId,
        mergeCommit: item.mergeCommit,
        restarts: landed.restarts,
        verify: item.verify,
        checkout: landed.checkout,
        cleanupProblems,
      });
    }
  }

  private async release(lock: LockHandle): Promise<void> {
    try {
      await this.options.hooks?.onLockReleasing?.();
    } finally {
      await lock.release();
    }
  }

  /**
   * Builds the chain on the target's current head and advances the target to its end; starts over
   * while the target moves. Requests that conflict or fail verify are resolved on the way.
   */
  private async mergeBatch(batch: Entry[]) {
    const { repo } = this.options;
    let live = batch;
    for (let restarts = 0; ; restarts++) {
      const targetHead = await resolveCommit(repo, this.ref);
      if (!targetHead) {
        for (const entry of live) {
          entry.resolve(failed(entry, { code: 'TARGET_NOT_FOUND', message: `The target branch ${this.options.target} no longer exists`, where: this.ref }));
        }
        return null;
      }
      const merged = await this.buildChain(live, targetHead);
      live = merged.map((item) => item.entry);
      if (merged.length === 0) return null;
      const newHead = merged[merged.length - 1]!.mergeCommit;
      const taskIds = merged.map((item) => item.entry.request.taskId);
      const advanced = await advanceTarget({
        repo,
        commonDir: this.options.commonDir,
        ref: this.ref,
        targetHead,
        newHead,
        pollMs: this.options.checkoutPollMs ?? DEFAULT_CHECKOUT_POLL_MS,
        signal: this.abort.signal,
        onWaiting: (reason) => {
          for (const id of taskIds) this.emit(id, 'waiting', reason);
        },
        beforeSwap: async () => {
          for (const id of taskIds) this.emit(id, 'advancing');
          await this.options.hooks?.beforeAdvance?.({ attempt: restarts + 1, targetHead, newHead, taskIds });
        },
        reflogMessage: `wavelane: merge ${taskIds.join(', ')}`,
      });
      if (advanced === 'cancelled') {
        await unwindVerified(merged);
        for (const entry of live) {
          entry.resolve({ status: 'cancelled', taskId: entry.request.taskId, reason: 'the merge queue was closed before the target moved' });
        }
        return null;
      }
      if (advanced !== 'moved' && advanced !== 'busy') return { merged, checkout: advanced, restarts };
      if (restarts + 1 >= MAX_RESTARTS) {
        await unwindVerified(merged);
        for (const entry of live) {
          entry.resolve(failed(entry, { code: 'TARGET_BUSY', message: `${this.options.target} kept moving while merging (${MAX_RESTARTS} tries); try again`, where: this.ref }));
        }
        return null;
      }
      if (advanced === 'busy') await abortableSleep(RESTART_BACKOFF_MS, this.abort.signal);
    }
  }

  /** Checks, commits and verifies each request on top of the previous one; returns those that fit. */
  private async buildChain(entries: Entry[], targetHead: string): Promise<Landed[]> {
    const { repo } = this.options;
    const merged: Landed[] = [];
    let chain = targetHead;
    const heads = await resolveCommits(repo, entries.map((entry) => branchRef(entry.request.branch)));
    const identityEnv = await commitIdentityEnv(repo, this.options.gitEnv);
    for (const [index, entry] of entries.entries()) {
      const { request } = entry;
      this.emit(request.taskId, 'checking');
      const taskHead = heads[index];
      if (!taskHead) {
        entry.resolve(failed(entry, { code: 'BRANCH_NOT_FOUND', message: `The task branch ${request.branch} does not exist`, where: request.branch }));
        continue;
      }
      const check = await checkMerge(repo, chain, taskHead);
      if (!check.ok) {
        entry.resolve(failed(entry, check.error));
        continue;
      }
      if (check.value.kind === 'conflict') {
        // The target is untouched; the branch and worktree stay for the user to resolve.
        entry.resolve({ status: 'conflict', taskId: request.taskId, files: check.value.files, messages: check.value.messages });
        continue;
      }
      const commit = await createMergeCommit({
        cwd: repo,
        tree: check.value.tree,
        targetHead: chain,
        taskHead,
        title: request.title,
        stamp: { taskId: request.taskId, runId: request.runId },
        identityEnv,
      });
      if (!commit.ok) {
        entry.resolve(failed(entry, commit.error));
        continue;
      }
      let verify: VerifyReport | null = null;
      if (request.verify?.command) {
        const verified = await this.verify(entry, commit.value);
        if (verified === null) continue;
        verify = verified;
      }
      merged.push({ entry, taskHead, mergeCommit: commit.value, verify });
      chain = commit.value;
    }
    return merged;
  }

  /** Runs verify on the merge commit; resolves the request and returns null when it did not pass. */
  private async verify(entry: Entry, mergeCommit: string): Promise<VerifyReport | null> {
    const { request } = entry;
    if (!request.worktree) {
      entry.resolve(failed(entry, { code: 'VERIFY_NOT_STARTED', message: `Task ${request.taskId} has no worktree to verify in` }));
      return null;
    }
    this.emit(request.taskId, 'verifying');
    const result = await verifyMergedTree({
      worktree: request.worktree,
      mergeCommit,
      taskId: request.taskId,
      command: request.verify!.command,
      timeoutMs: request.verify!.timeoutMs,
      // The same names the agent saw, so a verify script can tell which task's merge it checks.
      env: {
        WAVELANE_TASK_ID: request.taskId,
        WAVELANE_RUN_ID: request.runId,
        WAVELANE_WORKTREE: request.worktree,
        WAVELANE_MERGE_COMMIT: mergeCommit,
      },
    });
    if (!result.ok) {
      entry.resolve(failed(entry, result.error));
      return null;
    }
    if (result.value.passed) return result.value;
    // Leave the worktree on the task branch, as it was before, for whoever looks into the failure.
    // Best effort: a worktree that cannot go back stays where it is, and the task's failure says why.
    await returnToTaskBranch(request.worktree, request.branch);
    const report = result.value;
    const why = report.timedOut ? 'timed out' : `exited with ${report.exitCode ?? 'a signal'}`;
    entry.resolve({
      status: 'failed',
      taskId: request.taskId,
      verify: report,
      error: {
        code: 'VERIFY_FAILED',
        message: `The verify command ${JSON.stringify(report.command)} ${why} on the merge of ${request.taskId}; the target did not move`,
        where: request.worktree,
        details: report.output.trimEnd().split('\n').slice(-20),
      },
    });
    return null;
  }

  private emit(taskId: string, phase: MergePhase, reason: string | null = null): void {
    this.progress.fire({ taskId, phase, reason });
  }
}

/** Worktrees left detached at merge commits that did not land go back to their task branches. */
async function unwindVerified(merged: Landed[]): Promise<void> {
  for (const item of merged) {
    const { worktree, branch } = item.entry.request;
    if (item.verify && worktree) await returnToTaskBranch(worktree, branch);
  }
}

function failed(entry: Entry, error: ContractError): MergeOutcome {
  return {
    status: 'failed',
    taskId: entry.request.taskId,
    error: error as ContractError<MergeErrorCode>,
    verify: null,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
