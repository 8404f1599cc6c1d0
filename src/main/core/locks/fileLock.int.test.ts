import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForNode } from '../merge/testing/bundleForNode';
import { makeTempDir } from '../testing/tempRepo';
import { acquire, type LockOwner } from './fileLock';

/** Children take the lock for real, in their own processes, and write when they held it. */
const CHILD = `
const [bundle, lockPath, outFile, id, rounds, holdMs] = process.argv.slice(1);
const { acquire } = await import(bundle);
const { appendFileSync } = await import('node:fs');
const now = () => performance.timeOrigin + performance.now();
for (let r = 0; r < Number(rounds); r++) {
  const held = await acquire({ path: lockPath, timeoutMs: 20000, staleMs: 60000, pollMs: 2 });
  if (!held.ok) { console.error(held.error.message); process.exit(3); }
  const start = now();
  if (holdMs === 'forever') { console.log('locked'); setInterval(() => {}, 1000); await new Promise(() => {}); }
  const until = Date.now() + Number(holdMs);
  while (Date.now() < until) { /* hold the lock, busy */ }
  appendFileSync(outFile, id + ' ' + start + ' ' + now() + '\\n');
  await held.value.release();
}
`;

describe('fileLock (real processes)', () => {
  let dir: string;
  let bundle: string;
  beforeAll(async () => {
    dir = await makeTempDir('wavelane-lock-');
    bundle = await bundleForNode(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fileLock.ts'), path.join(dir, 'bundle'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const startChild = (args: string[]): ChildProcess =>
    spawn(process.execPath, ['--input-type=module', '-e', CHILD, bundle, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  it('never lets two processes hold it at once, even racing to recover a dead holder', async () => {
    const lockPath = path.join(dir, 'race', 'merge.lock');
    const out = path.join(dir, 'race.txt');
    // Start from a lock abandoned by a process that has exited, so the children race to recover it.
    const dead = spawn(process.execPath, ['-e', '0']);
    await exited(dead);
    const stale: LockOwner = {
      pid: dead.pid!,
      hostname: os.hostname(),
      startedAt: new Date().toISOString(),
      heartbeatAt: new Date().toISOString(),
      token: 'dead',
    };
    await mkdir(path.dirname(lockPath), { recursive: true });
    await writeFile(lockPath, JSON.stringify(stale));
    const children = ['a', 'b', 'c'].map((id) => startChild([lockPath, out, id, '8', '3']));
    const codes = await Promise.all(children.map(exited));
    expect(codes).toEqual([0, 0, 0]);
    const spans = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => {
        const [id, start, end] = line.split(' ');
        return { id: id!, start: Number(start), end: Number(end) };
      })
      .sort((x, y) => x.start - y.start);
    expect(spans).toHaveLength(24);
    expect(new Set(spans.map((s) => s.id))).toEqual(new Set(['a', 'b', 'c']));
    for (let i = 1; i < spans.length; i++) {
      // Each critical section starts after the previous one ended.
      expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    }
  });

  it('recovers a lock left by a SIGKILLed process', async () => {
    const lockPath = path.join(dir, 'killed', 'merge.lock');
    const child = startChild([lockPath, path.join(dir, 'unused.txt'), 'k', '1', 'forever']);
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    const holder = JSON.parse(await readFile(lockPath, 'utf8')) as LockOwner;
    expect(holder.pid).toBe(child.pid);
    // While it lives, the lock is not ours to take.
    const refused = await acquire({ path: lockPath, timeoutMs: 100, staleMs: 60_000 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'LOCK_TIMEOUT' } });
    expect(!refused.ok && refused.error.message).toContain(`process ${child.pid}`);
    child.kill('SIGKILL');
    await exited(child);
    // The stale period is a minute: only the dead-pid check can free it this fast.
    const taken = await acquire({ path: lockPath, timeoutMs: 5_000, staleMs: 60_000 });
    expect(taken.ok).toBe(true);
    if (!taken.ok) return;
    const owner = JSON.parse(await readFile(lockPath, 'utf8')) as LockOwner;
    expect(owner).toMatchObject({ pid: process.pid, token: taken.value.owner.token });
    await taken.value.release();
  });
});

describe('fileLock (one process)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir('wavelane-lock-');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is exclusive between holders of one process and free again after release', async () => {
    const lockPath = path.join(dir, 'one', 'merge.lock');
    const first = await acquire({ path: lockPath, timeoutMs: 0, staleMs: 10_000 });
    expect(first.ok).toBe(true);
    const second = await acquire({ path: lockPath, timeoutMs: 50, staleMs: 10_000 });
    expect(second).toMatchObject({ ok: false, error: { code: 'LOCK_TIMEOUT', where: lockPath } });
    if (first.ok) {
      expect(await first.value.isHeld()).toBe(true);
      await first.value.release();
      await first.value.release();
      expect(await first.value.isHeld()).toBe(false);
    }
    const third = await acquire({ path: lockPath, timeoutMs: 0, staleMs: 10_000 });
    expect(third.ok).toBe(true);
    if (third.ok) await third.value.release();
  });

  it('refreshes its heartbeat while held', async () => {
    const lockPath = path.join(dir, 'beat', 'merge.lock');
    const held = await acquire({ path: lockPath, timeoutMs: 0, staleMs: 10_000, heartbeatMs: 20 });
    if (!held.ok) throw new Error(held.error.message);
    const before = JSON.parse(await readFile(lockPath, 'utf8')) as LockOwner;
    const deadline = Date.now() + 5_000;
    let after = before;
    while (after.heartbeatAt === before.heartbeatAt && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = JSON.parse(await readFile(lockPath, 'utf8')) as LockOwner;
    }
    expect(Date.parse(after.heartbeatAt)).toBeGreaterThan(Date.parse(before.heartbeatAt));
    expect(after.startedAt).toBe(before.startedAt);
    await held.value.release();
  });

  it('recovers a lock whose heartbeat is stale, and respects one whose heartbeat is fresh', async () => {
    const lockPath = path.join(dir, 'remote', 'merge.lock');
    await mkdir(path.dirname(lockPath), { recursive: true });
    // A holder on another host: its pid means nothing here, only the heartbeat counts.
    const fresh: LockOwner = {
      pid: 1,
      hostname: 'another-host.invalid',
      startedAt: new Date().toISOString(),
      heartbeatAt: new Date().toISOString(),
      token: 'remote',
    };
    await writeFile(lockPath, JSON.stringify(fresh));
    const refused = await acquire({ path: lockPath, timeoutMs: 100, staleMs: 60_000 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'LOCK_TIMEOUT' } });
    expect(!refused.ok && refused.error.message).toContain('another-host.invalid');

    const old = new Date(Date.now() - 120_000);
    await writeFile(lockPath, JSON.stringify({ ...fresh, startedAt: old.toISOString(), heartbeatAt: old.toISOString() }));
    await utimes(lockPath, old, old);
    const taken = await acquire({ path: lockPath, timeoutMs: 1_000, staleMs: 60_000 });
    expect(taken.ok).toBe(true);
    if (taken.ok) await taken.value.release();
  });

  it('stops waiting when aborted', async () => {
    const lockPath = path.join(dir, 'abort', 'merge.lock');
    const held = await acquire({ path: lockPath, timeoutMs: 0, staleMs: 10_000 });
    if (!held.ok) throw new Error(held.error.message);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const waited = await acquire({ path: lockPath, timeoutMs: 60_000, staleMs: 10_000, signal: controller.signal });
    expect(waited).toMatchObject({ ok: false, error: { code: 'LOCK_ABORTED' } });
    await held.value.release();
  });
});
