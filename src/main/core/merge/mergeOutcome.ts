import type { ContractError } from '../../../shared/result';
import type { ConflictFile, ConflictMessage } from './mergeTree';
import type { VerifyReport } from './verify';

/** What goes into the merge queue and what comes out of it: the queue's side of the contract. */

/** One finished task, committed on its branch, asking to land on the target. */
export interface MergeRequest {
  taskId: string;
  title: string;
  runId: string;
  /** The task branch (short name) holding the committed work. */
  branch: string;
  /** The task's worktree: verify runs there, and it is removed after the merge. Null: there is none. */
  worktree: string | null;
  /** The plan's or `--verify`'s command, run on the merged tree before the target moves. */
  verify?: { command: string; timeoutMs?: number } | null;
  /** `--keep-branches`: leave the task branch after the merge. */
  keepBranch?: boolean;
}

export type MergeErrorCode =
  | 'LOCK_TIMEOUT'
  | 'LOCK_UNAVAILABLE'
  | 'TARGET_NOT_FOUND'
  | 'BRANCH_NOT_FOUND'
  | 'MERGE_CHECK_FAILED'
  | 'MERGE_COMMIT_FAILED'
  | 'VERIFY_FAILED'
  | 'WORKTREE_DIRTY'
  | 'VERIFY_CHECKOUT_FAILED'
  | 'VERIFY_NOT_STARTED'
  | 'TARGET_BUSY'
  | 'INTERNAL';

/** What became of a request; `status` is the task's final status. */
export type MergeOutcome =
  | {
      status: 'merged';
      taskId: string;
      mergeCommit: string;
      /** How often the target moved under us and the merge started over. */
      restarts: number;
      verify: VerifyReport | null;
      /** `synced`: the target's checkout moved along; `none`: it is checked out nowhere; `pending`: the
       * queue was disposed while the checkout was still blocked (the next merge or start brings it along). */
      checkout: 'synced' | 'none' | 'pending';
      /** Problems removing the worktree or branch (the merge itself succeeded). */
      cleanupProblems: string[];
    }
  | { status: 'conflict'; taskId: string; files: ConflictFile[]; messages: ConflictMessage[] }
  | { status: 'failed'; taskId: string; error: ContractError<MergeErrorCode>; verify: VerifyReport | null }
  | { status: 'cancelled'; taskId: string; reason: string };

export type MergePhase = 'queued' | 'locking' | 'checking' | 'verifying' | 'waiting' | 'advancing' | 'cleaning';

/** Progress of one request while it is in the queue (status `merging`); `reason` says why it waits. */
export interface MergeProgress {
  taskId: string;
  phase: MergePhase;
  reason: string | null;
}
