import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FLOW_HIGH_WATERMARK_CHARS } from './flowControl';
import { isPidAlive } from '../processes/isPidAlive';
import { readIfExists, SessionFixture, waitFor } from './testing/sessionFixture';

/**
 * A script that leaves four kinds of descendants behind, each harder to find than the last, writes
 * their pids, and sleeps in a fifth: a plain background child (same group and session), one in its own
 * session via setsid (found through its parent), an orphan of the same session (re-parented to init,
 * found by session id), and an orphan in its own session (found only by the environment marker).
 */
const TREE_SCRIPT = [
  'sleep 1000 & echo $! >> pids',
  'setsid sleep 1000 & echo $! >> pids',
  '( sleep 1000 & echo $! >> pids )',
  '( setsid sleep 1000 & echo $! >> pids )',
  'sleep 1000 & echo $! >> pids',
  'echo $$ >> pids',
  'echo ready',
  'wait',
].join('\n');
const TREE_SIZE = 6;

async function treePids(worktree: string): Promise<number[]> {
  const pids = await waitFor(async () => {
    const lines = (await readIfExists(path.join(worktree, 'pids'))).split('\n').filter(Boolean);
    return lines.length >= TREE_SIZE ? lines.map(Number) : null;
  }, 'the script to record its process tree');
  for (const pid of pids) expect(isPidAlive(pid), `pid ${pid} should run before the kill`).toBe(true);
  return pids;
}

async function alive(pids: number[]): Promise<number[]> {
  const result: number[] = [];
  for (const pid of pids) if (isPidAlive(pid)) result.push(pid);
  return result;
}

/** Writes 200-byte lines as fast as it can and records how many it wrote in `progress` (every 50 lines). */
const PRODUCER_SCRIPT = [
  "line=$(printf '%0199d' 0)",
  'i=0',
  'while :; do',
  '  printf "%s\\n" "$line"',
  '  i=$((i+1))',
  '  if [ $((i % 50)) -eq 0 ]; then printf "%d" "$i" > progress; fi',
  'done',
].join('\n');

async function progress(worktree: string): Promise<number> {
  // The script truncates and rewrites the file; an empty read is a rewrite in progress, so read again.
  return waitFor(async () => Number(await readIfExists(path.join(worktree, 'progress'))) || null, 'a progress count');
}

describe('AgentSession: timeout, cancel and flow control (real pty, real processes)', () => {
  const fixture = new SessionFixture();
  afterEach(() => fixture.cleanup());

  it('a timeout kills the whole tree, grandchildren included, and reports timedOut', async () => {
    const { session, worktree } = await fixture.start(TREE_SCRIPT, { timeoutSec: 2 });
    const pids = await treePids(worktree);
    const exit = await session.exited;
    expect(exit).toMatchObject({ timedOut: true, cancelled: false, survivors: [] });
    expect(exit.signal).not.toBeNull();
    expect(await alive(pids)).toEqual([]);
    expect(isPidAlive(session.pid)).toBe(false);
  });

  it('a cancel kills the whole tree and reports cancelled; SIGKILL follows for what ignores SIGTERM', async () => {
    // Ignores SIGTERM, and SIGHUP too (the hangup when the session leader dies would otherwise end it).
    const stubborn = `bash -c 'trap "" TERM HUP; while :; do sleep 0.1; done' & echo $! >> pids`;
    const { session, worktree, text } = await fixture.start(`${stubborn}\n${TREE_SCRIPT}`, { tuning: { killGraceMs: 1_000 } });
    await waitFor(() => text().includes('ready'), 'the script to be ready');
    const pids = await waitFor(async () => {
      const lines = (await readIfExists(path.join(worktree, 'pids'))).split('\n').filter(Boolean);
      return lines.length >= TREE_SIZE + 1 ? lines.map(Number) : null;
    }, 'all pids');
    const started = Date.now();
    const exit = await session.cancel();
    expect(exit).toMatchObject({ cancelled: true, timedOut: false, survivors: [] });
    // The stubborn loop only dies of SIGKILL, after the grace period.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(await alive(pids)).toEqual([]);
  });

  it('leftover background processes of a normal exit are killed before the exit is reported', async () => {
    const { session, worktree } = await fixture.start(`${TREE_SCRIPT.replace('wait', 'exit 3')}`);
    const exit = await session.exited;
    expect(exit).toMatchObject({ exitCode: 3, timedOut: false, cancelled: false });
    const pids = (await readIfExists(path.join(worktree, 'pids'))).split('\n').filter(Boolean).map(Number);
    expect(pids).toHaveLength(TREE_SIZE);
    expect(await alive(pids)).toEqual([]);
  });

  it('pauses a fast producer while an attached viewer does not ack, and resumes it after acks', async () => {
    const { session, worktree, text } = await fixture.start(PRODUCER_SCRIPT);
    session.attachViewer('pane');
    await waitFor(() => session.paused, 'flow control to pause the pty', 20_000);
    // Let the kernel's pty buffer fill; after that the producer is blocked in write().
    await delay(500);
    const stalledAt = await progress(worktree);
    await delay(1_000);
    expect(await progress(worktree)).toBe(stalledAt);
    const received = text().length;
    expect(received).toBeGreaterThan(FLOW_HIGH_WATERMARK_CHARS);
    // Unacked output is bounded: the high watermark plus what was in flight (one batch, the pty buffer).
    expect(received).toBeLessThan(FLOW_HIGH_WATERMARK_CHARS + 300_000);

    session.ack(received, 'pane');
    expect(session.paused).toBe(false);
    await waitFor(async () => (await progress(worktree)) > stalledAt + 500, 'the producer to make progress again');
    await session.cancel();
  });

  it('never pauses a session nobody watches, and releases the pty when the last viewer detaches', async () => {
    const unwatched = await fixture.start(PRODUCER_SCRIPT);
    // 1 MB is ten times the high watermark: with no viewer, no pause.
    await waitFor(async () => (await progress(unwatched.worktree)) > 5_000, 'an unwatched producer to write 1 MB', 20_000);
    expect(unwatched.session.paused).toBe(false);
    await unwatched.session.cancel();

    const watched = await fixture.start(PRODUCER_SCRIPT);
    const viewer = watched.session.attachViewer('pane');
    await waitFor(() => watched.session.paused, 'the pause', 20_000);
    const stalledAt = await progress(watched.worktree);
    viewer.dispose();
    expect(watched.session.paused).toBe(false);
    await waitFor(async () => (await progress(watched.worktree)) > stalledAt + 1_000, 'progress after the viewer left');
    await watched.session.cancel();
  });
});
