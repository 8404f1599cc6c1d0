import { resolveCommit } from '../git/repoInfo';
import { checkoutsOf } from '../git/worktreeList';
import { abortableSleep } from '../events/abortableSleep';
import { compareAndSwapRef } from './casUpdate';
import { blockedError, blockingPaths, dirtyError, inspectCheckout, syncCheckout } from './syncCheckout';
import { recordPendingSync } from '../storage/syncJournal';

/**
 * `synced`/`none`/`pending`: the target moved (its checkout followed / is checked out nowhere / was
 * still blocked when we were cancelled). `moved`: someone else advanced the target first, start over.
 * `busy`: the ref could not be updated (a held ref lock), try again shortly. `cancelled`: stopped while
 * waiting, before the target moved.
 */
export type AdvanceResult = 'synced' | 'none' | 'pending' | 'moved' | 'busy' | 'cancelled';

export interface AdvanceInput {
  repo: string;
  commonDir: string;
  /** Full ref of the target. */
  ref: string;
  targetHead: string;
  newHead: string;
  /** How often a blocked checkout is looked at again. */
  pollMs: number;
  signal: AbortSignal;
  /** Called when the reason for waiting changes (not on every look). */
  onWaiting(reason: string): void;
  /** Called once the checkouts are ready, just before the ref moves. */
  beforeSwap(): Promise<void> | void;
  reflogMessage: string;
}

/**
 * Moves the target from `targetHead` to `newHead`, with its checkout(s) (see syncCheckout for the order
 * and why). Before the swap it waits while a checkout has uncommitted tracked changes or files in the
 * way of the merge, so the target never moves away from a checkout that could not follow.
 */
export async function advanceTarget(input: AdvanceInput): Promise<AdvanceResult> {
  const { repo, commonDir, ref, targetHead, newHead, signal } = input;
  const listed = await checkoutsOf(repo, ref);
  // A repository whose worktrees cannot be listed cannot take the merge safely: try again shortly.
  if (!listed.ok) return 'busy';
  const checkouts = listed.value;
  const at = new Map<string, string>();
  const waiting = changesOnly(input.onWaiting);
  for (;;) {
    if ((await resolveCommit(repo, ref)) !== targetHead) return 'moved';
    let reason: string | null = null;
    for (const checkout of checkouts) {
      const inspected = await inspectCheckout(commonDir, checkout, ref);
      if (!inspected.ok) {
        reason = `Cannot look at the checkout ${checkout}: ${inspected.error.message}`;
        break;
      }
      const state = inspected.value;
      if (state.kind === 'dirty') {
        reason = dirtyError(checkout, ref, state.files).error.message;
        break;
      }
      // No dry run of read-tree here (it reads the whole index again): the move itself refuses safely.
      const blockers = await blockingPaths(checkout, state.at, newHead, { dryRun: false });
      if (blockers.length > 0) {
        reason = blockedError(checkout, blockers).error.message;
        break;
      }
      at.set(checkout, state.at);
    }
    if (reason === null) break;
    waiting(reason);
    await abortableSleep(input.pollMs, signal);
    if (signal.aborted) return 'cancelled';
  }
  for (const [checkout, commit] of at) await recordPendingSync(commonDir, checkout, { ref, at: commit });
  await input.beforeSwap();
  const swapped = await compareAndSwapRef({ cwd: repo, ref, newOid: newHead, oldOid: targetHead, message: input.reflogMessage });
  if (!swapped.ok) return swapped.error.code === 'REF_MOVED' ? 'moved' : 'busy';
  // The target has moved: from here on the merge is done, whatever happens to the checkout.
  let result: AdvanceResult = checkouts.length === 0 ? 'none' : 'synced';
  for (const checkout of checkouts) {
    for (let tries = 0; ; tries++) {
      // The first try trusts the inspection made just before the swap; later ones look again.
      const from = tries === 0 ? at.get(checkout) : undefined;
      const synced = await syncCheckout({ commonDir, checkout, ref, to: newHead, from });
      if (synced.ok) break;
      waiting(synced.error.message);
      await abortableSleep(input.pollMs, signal);
      if (signal.aborted) {
        result = 'pending';
        break;
      }
    }
  }
  return result;
}

function changesOnly(report: (reason: string) => void): (reason: string) => void {
  let last: string | null = null;
  return (reason) => {
    if (reason === last) return;
    last = reason;
    report(reason);
  };
}
