import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../../../shared/result';
import { git, runGit, type GitOutcome } from '../git/git';
import { trackedChanges } from '../git/checkoutState';
import { clearPendingSync, readPendingSyncs } from '../storage/syncJournal';

/**
 * Bringing the checkout of the target branch (usually the user's main checkout) along when the target
 * advances, without ever touching anything of theirs.
 *
 * Order, and why: the journal records where the checkout's files are (`at`), THEN the ref moves by
 * compare-and-swap, THEN the checkout moves with `git read-tree -m -u <at> <new>`, THEN the record goes.
 * - Crash before the ref moves: the record names the commit the checkout is at anyway; harmless.
 * - Crash after the ref moved, before the checkout did: HEAD (the branch) says <new> while index and
 *   files still hold <at>, so `git status` shows the inverse of the merge as staged changes. The record
 *   lets the next sync recognise that state exactly (the checkout equals <at>, not "the user changed
 *   things") and finish the move. Without it we could only guess, and a guess might sweep away changes
 *   the user staged on purpose.
 * - Crash after the checkout moved, before the record went: the checkout equals HEAD, which is checked
 *   first, so the stale record is simply dropped.
 * Moving the checkout before the ref instead would leave, after a crash, the merge looking like the
 * user's own staged work on the old commit: worse, since nothing could tell the two apart.
 *
 * Why read-tree and not `git merge --ff-only` in the checkout: read-tree takes the two exact commits
 * (no moving of HEAD, which the CAS already did atomically), refuses to overwrite untracked files, and
 * keeps all other untracked files; `merge` would move the ref itself, outside our compare-and-swap.
 * Git treats IGNORED files as expendable and would overwrite them (a tracked `.env` arriving over the
 * user's ignored `.env`), so blockingPaths also refuses any existing path a merge would create.
 */

export type CheckoutInspection =
  | { kind: 'clean'; at: string }
  | { kind: 'dirty'; at: string; files: string[] };

/** Where a checkout of `ref` stands: clean at some commit (HEAD, or the journal's record), or dirty. */
export async function inspectCheckout(commonDir: string, checkout: string, ref: string): Promise<GitOutcome<CheckoutInspection>> {
  const headRead = await git(['rev-parse', 'HEAD'], { cwd: checkout });
  if (!headRead.ok) return headRead;
  const head = headRead.value;
  const changes = await trackedChanges(checkout, head);
  if (!changes.ok) return changes;
  if (changes.value.length === 0) return { ok: true, value: { kind: 'clean', at: head } };
  const pending = (await readPendingSyncs(commonDir))[checkout];
  if (pending && pending.ref === ref && pending.at !== head) {
    const sincePending = await trackedChanges(checkout, pending.at);
    if (!sincePending.ok) return sincePending;
    if (sincePending.value.length === 0) return { ok: true, value: { kind: 'clean', at: pending.at } };
    return { ok: true, value: { kind: 'dirty', at: pending.at, files: sincePending.value } };
  }
  return { ok: true, value: { kind: 'dirty', at: head, files: changes.value } };
}

/**
 * Paths in `checkout` that moving its files from `from` to `to` would overwrite although git does not
 * track them there (untracked or ignored files, or a file where the merge puts a folder). Empty when
 * the move is safe. Ends with git's own dry run of the move.
 */
export async function blockingPaths(checkout: string, from: string, to: string, options: { dryRun?: boolean } = {}): Promise<string[]> {
  const diff = await git(['diff-tree', '-r', '-z', '--name-status', '--no-renames', from, to], { cwd: checkout });
  // A diff git cannot make is itself what blocks the move (the caller waits and says so).
  if (!diff.ok) return [diff.error.message];
  const tokens = diff.value.split('\0');
  const added: string[] = [];
  const deleted = new Set<string>();
  for (let i = 0; i + 1 < tokens.length; i += 2) {
    if (tokens[i] === 'A') added.push(tokens[i + 1]!);
    if (tokens[i] === 'D') deleted.add(tokens[i + 1]!);
  }
  const blocked = new Set<string>();
  for (const file of added) {
    if (await exists(path.join(checkout, file))) {
      blocked.add(file);
      continue;
    }
    // A file where the merge needs a folder (unless that file is tracked and the merge deletes it).
    const parts = file.split('/');
    for (let depth = 1; depth < parts.length; depth++) {
      const ancestor = parts.slice(0, depth).join('/');
      if (deleted.has(ancestor)) break;
      const info = await lstat(path.join(checkout, ancestor)).catch(() => null);
      if (!info) break;
      if (!info.isDirectory()) {
        blocked.add(ancestor);
        break;
      }
    }
  }
  if (blocked.size > 0 || options.dryRun === false) return [...blocked];
  const dryRun = await runGit(['read-tree', '-m', '-u', '-n', from, to], { cwd: checkout });
  if (dryRun.code !== 0) return [dryRun.stderr.trim() || 'git read-tree refused the move'];
  return [];
}

export type SyncError = 'CHECKOUT_DIRTY' | 'CHECKOUT_BLOCKED' | 'GIT_FAILED' | 'GIT_TIMEOUT' | 'GIT_CANCELLED' | 'GIT_UNAVAILABLE';

/**
 * Moves a clean checkout of `ref` to `to` (the ref is already there). Touches nothing of the user's.
 *
 * `from`: where the caller found the checkout clean just before moving the ref. Then it is not inspected
 * again: the two-tree `read-tree -m -u` itself refuses to overwrite anything changed since (a staged
 * entry that differs from `from` on a path the merge changes, or a modified file it would rewrite) and
 * carries over changes on paths the merge does not touch, so a change made in that instant is never
 * lost; without `from` (recovery after a crash) the checkout is inspected first.
 */
export async function syncCheckout(input: {
  commonDir: string;
  checkout: string;
  ref: string;
  to: string;
  from?: string;
}): Promise<Result<{ from: string }, SyncError>> {
  const { commonDir, checkout, ref, to } = input;
  const inspected: GitOutcome<CheckoutInspection> =
    input.from !== undefined ? { ok: true, value: { kind: 'clean', at: input.from } } : await inspectCheckout(commonDir, checkout, ref);
  if (!inspected.ok) return inspected;
  const state = inspected.value;
  if (state.kind === 'dirty') return dirtyError(checkout, ref, state.files);
  if (state.at !== to) {
    // git's own refusal below covers untracked files; this covers ignored ones that appeared just now.
    const blockers = await blockingPaths(checkout, state.at, to, { dryRun: false });
    if (blockers.length > 0) return blockedError(checkout, blockers);
    const moved = await runGit(['read-tree', '-m', '-u', state.at, to], { cwd: checkout });
    if (moved.code !== 0) return blockedError(checkout, [moved.stderr.trim()]);
  }
  await clearPendingSync(commonDir, checkout);
  return ok({ from: state.at });
}

export function dirtyError(checkout: string, ref: string, files: string[]) {
  return err(
    'CHECKOUT_DIRTY',
    `The checkout of ${ref.replace(/^refs\/heads\//, '')} at ${checkout} has uncommitted changes to tracked files (${listSome(files)}); waiting until they are committed or reverted`,
    { where: checkout, details: files },
  );
}

export function blockedError(checkout: string, blockers: string[]) {
  return err(
    'CHECKOUT_BLOCKED',
    `Files in ${checkout} that git does not track are in the way of files the merge adds (${listSome(blockers)}); waiting until they are moved away`,
    { where: checkout, details: blockers },
  );
}

async function exists(file: string): Promise<boolean> {
  return (await lstat(file).catch(() => null)) !== null;
}

function listSome(items: string[]): string {
  const shown = items.slice(0, 5).join(', ');
  return items.length > 5 ? `${shown} and ${items.length - 5} more` : shown;
}
