import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, stat, unlink, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { err, ok, type ContractError, type Result } from '../../../shared/result';
import { isPidAlive } from '../processes/isPidAlive';

/**
 * A lock file shared by processes (and by several holders inside one process): exactly one holder at a
 * time. Created with O_EXCL, so creation is the atomic test-and-set; the file holds who owns it and a
 * heartbeat that the holder refreshes. A lock whose process is gone (same host) or whose heartbeat is
 * older than `staleMs` is recovered.
 *
 * Why recovery is race-safe: only a recoverer deletes a lock it does not own, and recoverers take turns
 * through a second O_EXCL file (`<lock>.recover`). Under that guard the recoverer re-reads the lock and
 * deletes it only if it is STILL stale, so a fresh lock made by someone else after our first look is
 * never deleted. The one window left is a holder that overran its lease (heartbeat older than `staleMs`,
 * e.g. a process stopped with SIGSTOP) releasing at the very moment of recovery; a lease that expired is
 * forfeit by design, so that is the contract, not a bug.
 */

export interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  heartbeatAt: string;
  /** Random per acquisition: tells two holders from the same process apart. */
  token: string;
}

export interface AcquireOptions {
  path: string;
  /** Give up after this long (0: one try). */
  timeoutMs: number;
  /** A lock whose heartbeat is older than this is considered abandoned. */
  staleMs: number;
  /** How often the holder refreshes its heartbeat; default a third of `staleMs`. */
  heartbeatMs?: number;
  /** How often a waiter looks again. */
  pollMs?: number;
  /** Stops waiting early (the result is then `LOCK_ABORTED`). */
  signal?: AbortSignal;
}

export interface LockHandle {
  readonly path: string;
  readonly owner: LockOwner;
  /** True while the lock file on disk is still the one this handle created. */
  isHeld(): Promise<boolean>;
  /** Stops the heartbeat and deletes the lock file (only if it is still ours). Safe to call twice. */
  release(): Promise<void>;
}

export type LockErrorCode = 'LOCK_TIMEOUT' | 'LOCK_ABORTED' | 'LOCK_UNAVAILABLE';

/** Waiters look again this often: short enough that a queue of merges does not idle, long enough to be cheap. */
export const DEFAULT_POLL_MS = 50;
/** A heartbeat three times per stale period survives two missed beats on a loaded machine. */
const HEARTBEATS_PER_STALE_PERIOD = 3;
/** Recovery is a read and an unlink (milliseconds); a guard this old was left by a recoverer that died. */
const RECOVERY_GUARD_STALE_MS = 10_000;

/** What a waiter saw of a lock file: its owner (null when unreadable as JSON), its age and identity. */
export interface SeenLock {
  owner: LockOwner | null;
  mtimeMs: number;
  ino: number;
}

export async function acquire(options: AcquireOptions): Promise<Result<LockHandle, LockErrorCode>> {
  const lockPath = path.resolve(options.path);
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const deadline = Date.now() + Math.max(0, options.timeoutMs);
  try {
    await mkdir(path.dirname(lockPath), { recursive: true });
  } catch (error) {
    return err('LOCK_UNAVAILABLE', `Cannot create the folder for the lock ${lockPath}: ${describe(error)}`, {
      where: lockPath,
    });
  }
  let lastSeen: SeenLock | null = null;
  for (;;) {
    if (options.signal?.aborted) {
      return err('LOCK_ABORTED', `Stopped waiting for the lock ${lockPath}`, { where: lockPath });
    }
    const created = await tryCreate(lockPath, options);
    if (created.kind === 'held') return ok(created.handle);
    if (created.kind === 'error') return created.result;
    const seen = await readLock(lockPath);
    if (seen === 'unreadable') {
      return err('LOCK_UNAVAILABLE', `Cannot read the lock file ${lockPath}`, { where: lockPath });
    }
    if (seen === null) continue; // released between our create and our read: try again at once
    lastSeen = seen;
    if (staleReason(seen, options.staleMs) !== null) {
      await recover(lockPath, options.staleMs);
      continue;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      return err('LOCK_TIMEOUT', timeoutMessage(lockPath, lastSeen, options.timeoutMs), { where: lockPath });
    }
    await sleep(Math.min(pollMs, remaining), options.signal);
  }
}

/** Why a lock is abandoned, or null when its holder looks alive. Exported for diagnostics and tests. */
export function staleReason(seen: SeenLock, staleMs: number, now = Date.now()): string | null {
  const owner = seen.owner;
  if (owner && owner.hostname === os.hostname() && !isPidAlive(owner.pid)) {
    return `process ${owner.pid} that held it is gone`;
  }
  const beat = Math.max(seen.mtimeMs, owner ? Date.parse(owner.heartbeatAt) || 0 : 0);
  if (now - beat > staleMs) return `its heartbeat is ${Math.round((now - beat) / 1000)} s old`;
  return null;
}

type CreateOutcome =
  | { kind: 'held'; handle: LockHandle }
  | { kind: 'exists' }
  | { kind: 'error'; result: { ok: false; error: ContractError<'LOCK_UNAVAILABLE'> } };

async function tryCreate(lockPath: string, options: AcquireOptions): Promise<CreateOutcome> {
  let file: FileHandle;
  try {
    file = await open(lockPath, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { kind: 'exists' };
    return {
      kind: 'error',
      result: err('LOCK_UNAVAILABLE', `Cannot create the lock file ${lockPath}: ${describe(error)}`, { where: lockPath }),
    };
  }
  const now = new Date().toISOString();
  const owner: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: now,
    heartbeatAt: now,
    token: randomBytes(8).toString('hex'),
  };
  try {
    await file.write(serialize(owner), 0);
  } catch (error) {
    await file.close().catch(() => undefined);
    await unlink(lockPath).catch(() => undefined);
    return {
      kind: 'error',
      result: err('LOCK_UNAVAILABLE', `Cannot write the lock file ${lockPath}: ${describe(error)}`, { where: lockPath }),
    };
  }
  const ino = (await file.stat()).ino;
  return { kind: 'held', handle: new FileLockHandle(lockPath, owner, file, ino, heartbeatInterval(options)) };
}

function heartbeatInterval(options: AcquireOptions): number {
  return options.heartbeatMs ?? Math.max(10, Math.floor(options.staleMs / HEARTBEATS_PER_STALE_PERIOD));
}

/** The heartbeat rewrites the file in place through our own descriptor: if the lock was ever taken over
 * (lease overrun), our writes land in our orphaned file, never in the new holder's. Same length each
 * time (ISO timestamps have a fixed width), so a reader never sees a truncated mix. */
function serialize(owner: LockOwner): string {
  return JSON.stringify(owner) + '\n';
}

class FileLockHandle implements LockHandle {
  private timer: NodeJS.Timeout | undefined;
  private released = false;
  private beating: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    readonly owner: LockOwner,
    private readonly file: FileHandle,
    private readonly ino: number,
    heartbeatMs: number,
  ) {
    this.timer = setInterval(() => this.beat(), heartbeatMs);
    // The heartbeat alone must not keep a finished process alive.
    this.timer.unref();
  }

  private beat(): void {
    if (this.released) return;
    this.owner.heartbeatAt = new Date().toISOString();
    const text = serialize(this.owner);
    this.beating = this.file.write(text, 0).catch(() => undefined);
  }

  async isHeld(): Promise<boolean> {
    if (this.released) return false;
    try {
      return (await stat(this.path)).ino === this.ino;
    } catch {
      return false;
    }
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (this.timer) clearInterval(this.timer);
    await this.beating;
    // Delete only our own file: after a lease overrun the path may hold someone else's lock.
    const stillOurs = await stat(this.path).then(
      (info) => info.ino === this.ino,
      () => false,
    );
    if (stillOurs) await unlink(this.path).catch(() => undefined);
    await this.file.close().catch(() => undefined);
  }
}

async function readLock(lockPath: string): Promise<SeenLock | null | 'unreadable'> {
  let text: string;
  let info;
  try {
    info = await stat(lockPath);
    text = await readFile(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return 'unreadable';
  }
  return { owner: parseOwner(text), mtimeMs: info.mtimeMs, ino: info.ino };
}

/** A lock file just created and not yet written (or written by a stranger) has no owner: judged by its age. */
function parseOwner(text: string): LockOwner | null {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.hostname === 'string' && typeof value.heartbeatAt === 'string') {
      return {
        pid: value.pid,
        hostname: value.hostname,
        startedAt: String(value.startedAt ?? ''),
        heartbeatAt: value.heartbeatAt,
        token: String(value.token ?? ''),
      };
    }
  } catch {
    /* empty or torn: fall through */
  }
  return null;
}

async function recover(lockPath: string, staleMs: number): Promise<void> {
  const guardPath = `${lockPath}.recover`;
  let guard: FileHandle;
  try {
    guard = await open(guardPath, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return;
    // Another recoverer is at work; a guard left by one that died is cleared after a generous delay.
    const info = await stat(guardPath).catch(() => null);
    if (info && Date.now() - info.mtimeMs > RECOVERY_GUARD_STALE_MS) await unlink(guardPath).catch(() => undefined);
    await sleep(5);
    return;
  }
  try {
    await guard.write(`${process.pid}\n`, 0);
    const again = await readLock(lockPath);
    if (again !== null && again !== 'unreadable' && staleReason(again, staleMs) !== null) {
      await unlink(lockPath).catch(() => undefined);
    }
  } finally {
    await guard.close().catch(() => undefined);
    await unlink(guardPath).catch(() => undefined);
  }
}

function timeoutMessage(lockPath: string, seen: SeenLock | null, timeoutMs: number): string {
  const holder = seen?.owner
    ? `process ${seen.owner.pid} on ${seen.owner.hostname} (since ${seen.owner.startedAt})`
    : 'another process';
  return `The lock ${lockPath} is held by ${holder}; gave up after ${timeoutMs} ms`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
