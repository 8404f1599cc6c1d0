import { rm } from 'node:fs/promises';
import path from 'node:path';
import { readJsonFile, writeJsonAtomic } from './atomicFile';

/**
 * The one fact that would be lost in a crash between advancing the target ref and bringing its checkout
 * along: which commit the checkout's files actually hold. Written before the ref moves, removed once the
 * checkout has caught up. Written only by the holder of the merge lock.
 */
export interface PendingSync {
  /** The full ref checked out there. */
  ref: string;
  /** The commit whose tracked content the checkout holds. */
  at: string;
}

interface JournalFile {
  version: 1;
  pending: Record<string, PendingSync>;
}

export function syncJournalPath(commonDir: string): string {
  return path.join(commonDir, 'wavelane', 'checkout-sync.json');
}

export async function readPendingSyncs(commonDir: string): Promise<Record<string, PendingSync>> {
  const file = await readJsonFile<JournalFile>(syncJournalPath(commonDir)).catch(() => null);
  return file?.pending ?? {};
}

/** Records that `checkout` holds `at` (the caller found that out with inspectCheckout). */
export async function recordPendingSync(commonDir: string, checkout: string, pending: PendingSync): Promise<void> {
  const all = await readPendingSyncs(commonDir);
  const existing = all[checkout];
  if (existing && existing.ref === pending.ref && existing.at === pending.at) return;
  all[checkout] = pending;
  await writeJsonAtomic(syncJournalPath(commonDir), { version: 1, pending: all } satisfies JournalFile);
}

export async function clearPendingSync(commonDir: string, checkout: string): Promise<void> {
  const all = await readPendingSyncs(commonDir);
  if (!(checkout in all)) return;
  delete all[checkout];
  if (Object.keys(all).length === 0) {
    await rm(syncJournalPath(commonDir), { force: true });
  } else {
    await writeJsonAtomic(syncJournalPath(commonDir), { version: 1, pending: all } satisfies JournalFile);
  }
}
