import { setTimeout as delay } from 'node:timers/promises';
import { defaultProcessTable, type ProcessInfo, type ProcessTable } from './processTable';

/** SIGTERM's grace period before SIGKILL: long enough for an agent to flush files and stop its children. */
export const KILL_GRACE_MS = 5_000;
/** How often we look for survivors and late forks: a /proc scan costs ~1 ms, and exits are seen quickly. */
export const KILL_POLL_MS = 50;
/**
 * How long after SIGKILL we keep looking before reporting survivors. Only a process in uninterruptible
 * sleep (stuck on a dead NFS mount, say) outlives SIGKILL; waiting for it forever would hang the run.
 */
export const KILL_GIVE_UP_MS = 5_000;

export interface KillTreeOptions {
  graceMs?: number;
  pollMs?: number;
  giveUpMs?: number;
  /**
   * Also kill every process of this session. node-pty makes the agent a session leader (sid = its pid),
   * and a background child that its parent abandoned is re-parented to init but stays in the session.
   * Defaults to the root pid, which is safe: Linux never reuses a pid while it still names a live
   * session or process group, so only the root's own session can match.
   */
  sessionId?: number;
  /**
   * Also kill every process whose environment holds `name=value`. Every descendant inherits it unless it
   * deliberately clears its environment, so this catches what escapes the tree AND the session
   * (`(setsid cmd &)`: new session, parent gone). Linux only (/proc/<pid>/environ).
   */
  envMarker?: { name: string; value: string };
  /**
   * The root's start time (clock ticks since boot, /proc/<pid>/stat field 22). Processes that started
   * earlier cannot descend from it, so only later ones are checked for the env marker: that spares
   * reading the environment of every process on the machine. Read it when the root starts; after the
   * root is gone it cannot be read any more.
   */
  startedAfter?: number | null;
  table?: ProcessTable;
}

export interface KillTreeReport {
  /** Every process that was signalled. */
  signalled: number[];
  /** Those still alive after the grace period, which got SIGKILL. */
  forceKilled: number[];
  /** Those still alive when we gave up (normally empty). */
  survivors: number[];
}

/**
 * Stops a process and everything it started: SIGTERM to the whole tree, SIGKILL to whatever is left
 * after `graceMs`, then keeps polling until all are gone (or `giveUpMs` more have passed).
 *
 * Membership is recomputed on every poll from a fresh process table: the root and its descendants
 * (by ppid, collected BEFORE signalling, because once a parent dies its children are re-parented and the
 * link is lost), the root's process group and session, and the optional environment marker. Processes
 * found later (forked while we wait) get the signal of the current phase. Our own process and its
 * ancestors are never signalled, whatever matches.
 *
 * `rootPid` must be a process we started as the leader of its own session (node-pty does this) or at
 * least of its own process group (`spawn(..., { detached: true })`): everything in that group and
 * session is taken to be its doing.
 */
export async function killProcessTree(rootPid: number, options: KillTreeOptions = {}): Promise<KillTreeReport> {
  const graceMs = options.graceMs ?? KILL_GRACE_MS;
  const pollMs = options.pollMs ?? KILL_POLL_MS;
  const giveUpMs = options.giveUpMs ?? KILL_GIVE_UP_MS;
  const sessionId = options.sessionId ?? rootPid;
  const table = options.table ?? defaultProcessTable();
  const envCache = new Map<number, boolean>();
  const signalled = new Set<number>();
  const forceKilled = new Set<number>();
  const known = new Map<number, number | null>();
  const started = Date.now();
  let escalated = false;
  let first = true;
  let idsReused = false;

  for (;;) {
    const processes = await table.list();
    const byPid = new Map(processes.map((info) => [info.pid, info]));
    if (first) {
      first = false;
      // Identify the root once, by start time, so a later process reusing its pid is never taken for it.
      const root = byPid.get(rootPid);
      // A root already gone (a caller cleaning up after it exited) frees its pid once nothing of its
      // session is left; a process holding that pid now, started at another time, is someone else's, and
      // so are the session and group it leads.
      const startedAt = options.startedAfter ?? null;
      idsReused = Boolean(root && startedAt !== null && root.startTime !== null && root.startTime !== startedAt);
      if (root && !isDead(root) && !idsReused) known.set(rootPid, root.startTime);
    }
    const members = await findMembers(processes, {
      rootPid,
      sessionId,
      known,
      envCache,
      table,
      envMarker: options.envMarker,
      startedAfter: options.startedAfter ?? null,
      idsReused,
    });
    for (const pid of members) if (!known.has(pid)) known.set(pid, byPid.get(pid)?.startTime ?? null);
    const elapsed = Date.now() - started;
    if (members.size === 0) break;
    if (!escalated && elapsed >= graceMs) escalated = true;
    for (const pid of members) {
      if (escalated) {
        if (!forceKilled.has(pid)) {
          forceKilled.add(pid);
          signal(pid, 'SIGKILL');
        }
      } else {
        if (!signalled.has(pid)) signal(pid, 'SIGTERM');
        // A stopped process (Ctrl-Z, a debugger) would hold SIGTERM pending until the grace runs out. Checked
        // on every poll, not only with the first SIGTERM: a stop can land just after it (signals arrive
        // asynchronously), and the process would then sit stopped until SIGKILL.
        if (isStopped(byPid.get(pid))) signal(pid, 'SIGCONT');
      }
      signalled.add(pid);
    }
    if (elapsed >= graceMs + giveUpMs) {
      return { signalled: [...signalled], forceKilled: [...forceKilled], survivors: [...members] };
    }
    await delay(pollMs);
  }
  return { signalled: [...signalled], forceKilled: [...forceKilled], survivors: [] };
}

interface MemberQuery {
  rootPid: number;
  sessionId: number;
  /**
   * Pids (with start times) found in earlier polls: they and their descendants stay members after the
   * root is gone. The start time tells them from an unrelated process that reused the pid.
   */
  known: Map<number, number | null>;
  envCache: Map<number, boolean>;
  table: ProcessTable;
  envMarker: KillTreeOptions['envMarker'];
  startedAfter: number | null;
  /** The root's pid names another process now: its session and group ids mean nothing here. */
  idsReused: boolean;
}

async function findMembers(processes: ProcessInfo[], query: MemberQuery): Promise<Set<number>> {
  const protectedPids = ancestorsOfSelf(processes);
  const live = processes.filter((info) => !isDead(info) && !protectedPids.has(info.pid));
  const childrenOf = new Map<number, number[]>();
  for (const info of live) {
    const siblings = childrenOf.get(info.ppid) ?? [];
    siblings.push(info.pid);
    childrenOf.set(info.ppid, siblings);
  }
  const members = new Set<number>();
  const liveByPid = new Map(live.map((info) => [info.pid, info]));
  const queue: number[] = [];
  for (const [pid, startTime] of query.known) {
    const info = liveByPid.get(pid);
    if (info && (startTime === null || info.startTime === startTime)) queue.push(pid);
  }
  for (const info of live) {
    if (!query.idsReused && (info.sid === query.sessionId || info.pgid === query.rootPid)) queue.push(info.pid);
  }
  if (query.envMarker) {
    const { name, value } = query.envMarker;
    for (const info of live) {
      if (query.startedAfter !== null && info.startTime !== null && info.startTime < query.startedAfter) continue;
      let marked = query.envCache.get(info.pid);
      if (marked === undefined) {
        marked = await query.table.hasEnv(info.pid, name, value);
        query.envCache.set(info.pid, marked);
      }
      if (marked) queue.push(info.pid);
    }
  }
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (members.has(pid) || !liveByPid.has(pid)) continue;
    members.add(pid);
    for (const child of childrenOf.get(pid) ?? []) queue.push(child);
  }
  return members;
}

function isStopped(info: ProcessInfo | undefined): boolean {
  return info?.state === 'T' || info?.state === 't';
}

function isDead(info: ProcessInfo): boolean {
  return info.state === 'Z' || info.state === 'X';
}

function ancestorsOfSelf(processes: ProcessInfo[]): Set<number> {
  const parentOf = new Map(processes.map((info) => [info.pid, info.ppid]));
  const result = new Set<number>([process.pid]);
  let pid = process.ppid;
  while (pid > 0 && !result.has(pid)) {
    result.add(pid);
    pid = parentOf.get(pid) ?? 0;
  }
  return result;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // ESRCH: it exited in between; EPERM: not ours to kill (a setuid helper). Either way nothing to do.
  }
}
