import { isPidAlive } from '../processes/isPidAlive';
import { systemHostProbe, type HostProbe } from '../processes/hostProbe';
import type { RunOwner } from '../storage/runState';

/*
 * Is the process that owns a run still alive? On this host the pid answers (after ruling out a pid from a
 * previous boot); from another host (a repository on a shared disk) only the heartbeat can, so there a run is
 * taken for dead only once its heartbeat is clearly stale. The host's facts (pid, clock, boot time) come from
 * processes/hostProbe.ts, re-exported here for the run's code.
 */
export { systemHostProbe, type HostProbe } from '../processes/hostProbe';

/** How often a live owner refreshes `owner.heartbeatAt` (the executor's timer). */
export const HEARTBEAT_INTERVAL_MS = 10_000;

/**
 * A heartbeat older than this means the owner on another host is gone: twelve missed beats, so a busy disk or
 * a slow network share does not make a live run look dead and get resumed twice.
 */
export const OWNER_STALE_MS = 120_000;

/** `os.uptime()` is coarse and clocks drift; an owner that started this close to the boot still gets a pid check. */
const BOOT_TIME_SLACK_MS = 60_000;

/** `kill(pid, 0)` checks without signalling; EPERM means it exists but belongs to another user. */
export { isPidAlive };

export type OwnerStatus =
  | { alive: true; self: boolean; reason: string }
  | { alive: false; reason: string };

export function ownerStatus(owner: RunOwner, probe: HostProbe = systemHostProbe, staleMs = OWNER_STALE_MS): OwnerStatus {
  const who = `process ${owner.pid} on ${owner.hostname}`;
  if (owner.hostname === probe.hostname()) {
    if (owner.pid === probe.pid) return { alive: true, self: true, reason: `${who} is this process` };
    if (Date.parse(owner.startedAt) < probe.bootTimeMs() - BOOT_TIME_SLACK_MS) {
      return { alive: false, reason: `${who} started before this host last booted` };
    }
    return probe.isPidAlive(owner.pid)
      ? { alive: true, self: false, reason: `${who} is running` }
      : { alive: false, reason: `${who} is no longer running` };
  }
  const ageMs = probe.now().getTime() - Date.parse(owner.heartbeatAt);
  const seconds = Math.round(ageMs / 1000);
  return ageMs > staleMs
    ? { alive: false, reason: `${who} has not been heard from for ${seconds} s` }
    : { alive: true, self: false, reason: `${who} was heard from ${seconds} s ago` };
}
