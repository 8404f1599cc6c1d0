import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isPidAlive, ownerStatus, OWNER_STALE_MS, systemHostProbe, type HostProbe } from './ownerLiveness';
import type { RunOwner } from '../storage/runState';

const exited = (child: ReturnType<typeof spawn>) => new Promise<void>((resolve) => child.on('exit', () => resolve()));

describe('ownerStatus', () => {
  const owner = (fields: Partial<RunOwner> = {}): RunOwner => ({
    pid: process.pid,
    hostname: systemHostProbe.hostname(),
    startedAt: new Date().toISOString(),
    heartbeatAt: new Date().toISOString(),
    ...fields,
  });

  it('knows a live process, a dead one, and itself (real processes)', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    const pid = child.pid as number;
    try {
      expect(isPidAlive(pid)).toBe(true);
      expect(ownerStatus(owner({ pid }))).toMatchObject({ alive: true, self: false });
    } finally {
      child.kill('SIGKILL');
      await exited(child);
    }
    expect(isPidAlive(pid)).toBe(false);
    const dead = ownerStatus(owner({ pid }));
    expect(dead).toEqual({ alive: false, reason: `process ${pid} on ${systemHostProbe.hostname()} is no longer running` });
    expect(ownerStatus(owner())).toMatchObject({ alive: true, self: true });
  });

  it('takes a pid from before the last boot for dead, even if that pid is in use now', () => {
    const probe: HostProbe = { ...systemHostProbe, pid: 1, isPidAlive: () => true, bootTimeMs: () => Date.parse('2026-01-02T00:00:00Z') };
    expect(ownerStatus(owner({ pid: 4242, startedAt: '2026-01-01T00:00:00.000Z' }), probe)).toMatchObject({ alive: false });
    expect(ownerStatus(owner({ pid: 4242, startedAt: '2026-01-02T00:00:30.000Z' }), probe)).toMatchObject({ alive: true });
  });

  it('judges another host by its heartbeat only', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    const probe: HostProbe = { ...systemHostProbe, now: () => new Date(now), isPidAlive: () => false };
    const remote = (ageMs: number) => owner({ hostname: 'build-server', heartbeatAt: new Date(now - ageMs).toISOString() });
    expect(ownerStatus(remote(5_000), probe)).toMatchObject({ alive: true });
    const stale = ownerStatus(remote(OWNER_STALE_MS + 1_000), probe);
    expect(stale).toMatchObject({ alive: false });
    expect(stale.reason).toContain('build-server');
  });
});
